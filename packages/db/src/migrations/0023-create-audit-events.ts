import { sqlMigration } from './migration.js';

export default sqlMigration(
  '0023-create-audit-events',
  `
  -- one row per successful write through the API, written in the write's own transaction
  CREATE TABLE audit_events (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    created_at timestamptz NOT NULL DEFAULT now(),
    -- who: an API key or a deployment key, by id (never the key)
    actor_kind text NOT NULL CHECK (actor_kind IN ('api_key', 'deployment')),
    actor_id uuid NOT NULL,
    -- what: the operation (e.g. createAgent), the HTTP method and the resulting status
    action text NOT NULL,
    method text NOT NULL,
    status integer NOT NULL,
    -- to which resource
    resource_type text NOT NULL,
    resource_id text,
    -- from where
    client_address text,
    request_id text
  );
  CREATE INDEX audit_events_created_at_idx ON audit_events (created_at, id);
  `,
  `DROP TABLE audit_events;`,
);
