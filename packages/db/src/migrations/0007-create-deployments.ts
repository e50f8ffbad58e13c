import { sqlMigration } from './migration.js';

export default sqlMigration(
  '0007-create-deployments',
  `
  CREATE TABLE deployments (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name text NOT NULL,
    description text,
    -- a deployment is meaningless without its target; services refuse to delete a target
    -- while a deployment of it is live, so only draft/stopped deployments go with it
    agent_id uuid REFERENCES agents (id) ON DELETE CASCADE,
    workflow_id uuid REFERENCES workflows (id) ON DELETE CASCADE,
    status text NOT NULL DEFAULT 'draft' CONSTRAINT deployments_status_check CHECK (status IN ('draft', 'deployed', 'stopped')),
    config jsonb NOT NULL DEFAULT '{}'::jsonb,
    api_key_hash text,
    api_key_prefix text,
    api_key_rotated_at timestamptz,
    deployed_at timestamptz,
    stopped_at timestamptz,
    version integer NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT deployments_name_key UNIQUE (name),
    CONSTRAINT deployments_target_check CHECK (num_nonnulls(agent_id, workflow_id) = 1)
  );
  CREATE INDEX deployments_created_at_idx ON deployments (created_at, id);
  CREATE INDEX deployments_status_created_at_idx ON deployments (status, created_at, id);
  CREATE INDEX deployments_agent_id_idx ON deployments (agent_id) WHERE agent_id IS NOT NULL;
  CREATE INDEX deployments_workflow_id_idx ON deployments (workflow_id) WHERE workflow_id IS NOT NULL;
  CREATE UNIQUE INDEX deployments_api_key_hash_key ON deployments (api_key_hash) WHERE api_key_hash IS NOT NULL;
  `,
  `DROP TABLE deployments;`,
);
