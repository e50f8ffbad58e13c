import { sqlMigration } from './migration.js';

export default sqlMigration(
  '0006-create-workflows',
  `
  CREATE TABLE workflows (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name text NOT NULL,
    description text,
    definition jsonb NOT NULL,
    -- published versions are frozen rows pointing at their draft; they go with it
    published_from_id uuid REFERENCES workflows (id) ON DELETE CASCADE,
    version_number integer CHECK (version_number > 0),
    published_at timestamptz,
    version integer NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT workflows_published_check CHECK (
      (published_from_id IS NULL) = (version_number IS NULL)
      AND (published_from_id IS NULL) = (published_at IS NULL)
    ),
    CONSTRAINT workflows_published_from_id_version_number_key UNIQUE (published_from_id, version_number)
  );
  -- draft names are unique; versions repeat their draft's name
  CREATE UNIQUE INDEX workflows_name_key ON workflows (name) WHERE published_from_id IS NULL;
  CREATE INDEX workflows_created_at_idx ON workflows (created_at, id) WHERE published_from_id IS NULL;
  CREATE INDEX workflows_updated_at_idx ON workflows (updated_at, id) WHERE published_from_id IS NULL;
  `,
  `DROP TABLE workflows;`,
);
