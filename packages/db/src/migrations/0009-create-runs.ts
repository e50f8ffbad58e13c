import { sqlMigration } from './migration.js';

export default sqlMigration(
  '0009-create-runs',
  `
  CREATE TABLE runs (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    -- runs are history: they outlive what they ran
    deployment_id uuid REFERENCES deployments (id) ON DELETE SET NULL,
    agent_id uuid REFERENCES agents (id) ON DELETE SET NULL,
    workflow_id uuid REFERENCES workflows (id) ON DELETE SET NULL,
    status text NOT NULL DEFAULT 'queued' CONSTRAINT runs_status_check CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
    input jsonb NOT NULL DEFAULT '{}'::jsonb,
    output jsonb,
    error text,
    started_at timestamptz,
    finished_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
  );
  CREATE INDEX runs_created_at_idx ON runs (created_at, id);
  CREATE INDEX runs_status_created_at_idx ON runs (status, created_at, id);
  CREATE INDEX runs_deployment_id_created_at_idx ON runs (deployment_id, created_at);
  CREATE INDEX runs_agent_id_created_at_idx ON runs (agent_id, created_at);
  CREATE INDEX runs_workflow_id_created_at_idx ON runs (workflow_id, created_at);
  `,
  `DROP TABLE runs;`,
);
