import { sqlMigration } from './migration.js';

export default sqlMigration(
  '0004-create-agent-functions',
  `
  CREATE TABLE agent_functions (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    -- deleting an agent detaches its functions
    agent_id uuid NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
    -- a function attached to an agent cannot be deleted: detach it first
    function_id uuid NOT NULL REFERENCES functions (id) ON DELETE RESTRICT,
    position integer NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT agent_functions_agent_id_function_id_key UNIQUE (agent_id, function_id)
  );
  CREATE INDEX agent_functions_function_id_idx ON agent_functions (function_id);
  `,
  `DROP TABLE agent_functions;`,
);
