/**
 * `studio api-keys create|list|revoke`: the HTTP API's keys, through `ApiKeysService`.
 *
 * @module
 */
import { Option, type Command } from 'commander';
import type { ExecSession } from '@agent-studio/db/exec';
import type { ApiKeyDto, ApiKeysService as ApiKeysServiceType } from '@agent-studio/sdk';
import { formatTable } from '../lib/format-table.js';
import { err, out, outJson } from '../lib/output.js';

/**
 * Runs `fn` with `ApiKeysService` in one exec session on the environment's database, committed
 * on success. The database layer and the SDK load only when a command runs (keeps `--help` fast).
 */
async function withKeys<T>(fn: (service: typeof ApiKeysServiceType, session: ExecSession) => Promise<T>): Promise<T> {
  const [{ withEngine }, { withSession }, { ApiKeysService }] = await Promise.all([
    import('../lib/with-engine.js'),
    import('@agent-studio/db/exec'),
    import('@agent-studio/sdk'),
  ]);
  return withEngine((engine) => withSession(engine, (session) => fn(ApiKeysService, session)));
}

function keyState(key: ApiKeyDto): string {
  return key.revokedAt ? `revoked ${key.revokedAt}` : 'active';
}

/**
 * Registers `api-keys` with:
 *
 * - `create --name <name> [--scope admin|read]`: creates a key (scope `read` — GET/HEAD only —
 *   unless `--scope admin`) and prints it **once** on stdout (only its SHA-256 hash is stored; it
 *   cannot be shown again), its id, scope and prefix on stderr;
 * - `list [--json]`: every key, newest first (id, name, prefix, created, last used, state) —
 *   never a key or a hash;
 * - `revoke <id>`: revokes a key (idempotent; an unknown id is an error).
 *
 * Each runs in one exec session (`withSession`), committed when it succeeds.
 *
 * @example
 * registerApiKeys(program);
 * // $ pnpm studio api-keys create --name ci --scope read
 */
export function registerApiKeys(program: Command): void {
  const apiKeys = program.command('api-keys').description("manage the HTTP API's keys");

  apiKeys
    .command('create')
    .description('create a key and print it once (it cannot be shown again)')
    .requiredOption('--name <name>', 'what the key is for, e.g. "ci"')
    .addOption(new Option('--scope <scope>', 'admin: every operation; read: GET and HEAD only').choices(['admin', 'read']).default('read'))
    .action(async (options: { name: string; scope: 'admin' | 'read' }) => {
      const created = await withKeys((service, session) => service.createApiKey(session, { name: options.name, scope: options.scope }));
      err(`created ${created.apiKey.scope} api key ${created.apiKey.id} "${created.apiKey.name}" (prefix ${created.apiKey.prefix}); it is shown once:`);
      out(created.key);
    });

  apiKeys
    .command('list')
    .description('list every key, newest first (never the keys themselves)')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const keys = await withKeys((service, session) => service.listApiKeys(session));
      if (options.json) {
        outJson(keys);
        return;
      }
      if (!keys.length) {
        out('no api keys');
        return;
      }
      out(
        formatTable(
          ['id', 'name', 'scope', 'prefix', 'created', 'last used', 'state'],
          keys.map((k) => [k.id, k.name, k.scope, k.prefix, k.createdAt, k.lastUsedAt ?? '-', keyState(k)]),
        ),
      );
    });

  apiKeys
    .command('revoke')
    .description('revoke a key by id (idempotent)')
    .argument('<id>', 'the id of the key (from "api-keys list")')
    .action(async (id: string) => {
      const key = await withKeys((service, session) => service.revokeApiKey(session, id));
      out(`revoked api key ${key.id} "${key.name}" (${key.revokedAt ?? ''})`);
    });
}
