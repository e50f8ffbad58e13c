import m0001 from './0001-create-agents.js';
import m0002 from './0002-create-mcp-servers.js';
import m0003 from './0003-create-functions.js';
import m0004 from './0004-create-agent-functions.js';
import m0005 from './0005-create-mcp-health-checks.js';
import m0006 from './0006-create-workflows.js';
import m0007 from './0007-create-deployments.js';
import m0008 from './0008-create-deployment-functions.js';
import m0009 from './0009-create-runs.js';
import m0010 from './0010-create-api-keys.js';
import m0011 from './0011-create-run-steps-and-events.js';
import m0012 from './0012-create-run-queue.js';
import m0016 from './0016-create-model-providers.js';
import m0020 from './0020-add-api-key-scope.js';
import m0021 from './0021-notify-key-changes.js';
import m0022 from './0022-create-auth-failures.js';
import m0023 from './0023-create-audit-events.js';
import m0024 from './0024-encrypt-url-and-function-secrets.js';
import m0025 from './0025-create-threads.js';
import m0026 from './0026-encrypt-secret-args.js';
import type { Migration } from './migration.js';

/** Every migration, in order. Listed, not globbed, so the bundled build carries them. */
export const allMigrations: readonly Migration[] = [
  m0001, m0002, m0003, m0004, m0005, m0006, m0007, m0008, m0009, m0010, m0011, m0012, m0016, m0020, m0021, m0022, m0023, m0024, m0025, m0026,
];
