import { sqlMigration } from './migration.js';

export default sqlMigration(
  '0005-create-mcp-health-checks',
  `
  CREATE TABLE mcp_health_checks (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    -- history goes with its server
    mcp_server_id uuid NOT NULL REFERENCES mcp_servers (id) ON DELETE CASCADE,
    checked_at timestamptz NOT NULL DEFAULT now(),
    status text NOT NULL CONSTRAINT mcp_health_checks_status_check CHECK (status IN ('healthy', 'degraded', 'unreachable')),
    latency_ms integer,
    tool_count integer,
    error_kind text,
    error text
  );
  CREATE INDEX mcp_health_checks_server_checked_at_idx ON mcp_health_checks (mcp_server_id, checked_at DESC);
  -- pruning of old history
  CREATE INDEX mcp_health_checks_checked_at_idx ON mcp_health_checks (checked_at);
  `,
  `DROP TABLE mcp_health_checks;`,
);
