import { sqlMigration } from './migration.js';

export default sqlMigration(
  '0002-create-mcp-servers',
  `
  CREATE TABLE mcp_servers (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name text NOT NULL,
    description text,
    transport text NOT NULL CONSTRAINT mcp_servers_transport_check CHECK (transport IN ('streamable_http', 'sse', 'stdio')),
    url text,
    command text,
    args jsonb NOT NULL DEFAULT '[]'::jsonb,
    headers_encrypted text,
    env_encrypted text,
    enabled boolean NOT NULL DEFAULT true,
    status text NOT NULL DEFAULT 'unknown' CONSTRAINT mcp_servers_status_check CHECK (status IN ('unknown', 'healthy', 'degraded', 'unreachable')),
    last_checked_at timestamptz,
    last_success_at timestamptz,
    last_latency_ms integer,
    last_error text,
    tool_count integer,
    tools jsonb NOT NULL DEFAULT '[]'::jsonb,
    server_info jsonb,
    protocol_version text,
    consecutive_failures integer NOT NULL DEFAULT 0 CHECK (consecutive_failures >= 0),
    check_interval_seconds integer NOT NULL DEFAULT 60 CHECK (check_interval_seconds > 0),
    next_check_at timestamptz NOT NULL DEFAULT now(),
    version integer NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT mcp_servers_name_key UNIQUE (name),
    CONSTRAINT mcp_servers_endpoint_check CHECK (
      (transport = 'stdio' AND command IS NOT NULL) OR (transport <> 'stdio' AND url IS NOT NULL)
    )
  );
  CREATE INDEX mcp_servers_created_at_idx ON mcp_servers (created_at, id);
  CREATE INDEX mcp_servers_status_idx ON mcp_servers (status, created_at, id);
  -- the monitor's "what is due" scan
  CREATE INDEX mcp_servers_due_idx ON mcp_servers (next_check_at) WHERE enabled;
  `,
  `DROP TABLE mcp_servers;`,
);
