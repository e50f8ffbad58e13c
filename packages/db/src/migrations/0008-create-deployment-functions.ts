import { sqlMigration } from './migration.js';

export default sqlMigration(
  '0008-create-deployment-functions',
  `
  CREATE TABLE deployment_functions (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    deployment_id uuid NOT NULL REFERENCES deployments (id) ON DELETE CASCADE,
    -- a function a deployment exposes cannot be deleted: detach it first
    function_id uuid NOT NULL REFERENCES functions (id) ON DELETE RESTRICT,
    config jsonb NOT NULL DEFAULT '{}'::jsonb,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT deployment_functions_deployment_id_function_id_key UNIQUE (deployment_id, function_id)
  );
  CREATE INDEX deployment_functions_function_id_idx ON deployment_functions (function_id);
  `,
  `DROP TABLE deployment_functions;`,
);
