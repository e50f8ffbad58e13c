import { sqlMigration } from './migration.js';

export default sqlMigration(
  '0003-create-functions',
  `
  CREATE TABLE functions (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name text NOT NULL,
    description text,
    kind text NOT NULL CONSTRAINT functions_kind_check CHECK (kind IN ('http', 'mcp_tool', 'builtin')),
    parameters jsonb NOT NULL DEFAULT '{}'::jsonb,
    config jsonb NOT NULL DEFAULT '{}'::jsonb,
    -- a server still providing functions cannot be deleted: remove the functions first
    mcp_server_id uuid REFERENCES mcp_servers (id) ON DELETE RESTRICT,
    mcp_tool_name text,
    version integer NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT functions_name_key UNIQUE (name),
    CONSTRAINT functions_mcp_tool_check CHECK (
      (kind = 'mcp_tool') = (mcp_server_id IS NOT NULL AND mcp_tool_name IS NOT NULL)
    )
  );
  CREATE INDEX functions_created_at_idx ON functions (created_at, id);
  CREATE INDEX functions_kind_created_at_idx ON functions (kind, created_at, id);
  CREATE INDEX functions_mcp_server_id_idx ON functions (mcp_server_id) WHERE mcp_server_id IS NOT NULL;
  `,
  `DROP TABLE functions;`,
);
