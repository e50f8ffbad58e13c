import { sqlMigration } from './migration.js';

export default sqlMigration(
  '0001-create-agents',
  `
  CREATE TABLE agents (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name text NOT NULL,
    description text,
    model text NOT NULL,
    instructions text NOT NULL DEFAULT '',
    temperature double precision NOT NULL DEFAULT 0.7 CHECK (temperature >= 0 AND temperature <= 2),
    config jsonb NOT NULL DEFAULT '{}'::jsonb,
    status text NOT NULL DEFAULT 'active' CONSTRAINT agents_status_check CHECK (status IN ('active', 'archived')),
    version integer NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT agents_name_key UNIQUE (name)
  );
  CREATE INDEX agents_created_at_idx ON agents (created_at, id);
  CREATE INDEX agents_updated_at_idx ON agents (updated_at, id);
  CREATE INDEX agents_status_created_at_idx ON agents (status, created_at, id);
  CREATE INDEX agents_model_idx ON agents (model);
  `,
  `DROP TABLE agents;`,
);
