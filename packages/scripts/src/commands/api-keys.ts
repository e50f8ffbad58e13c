/**
 * `studio api-keys create|list|revoke`: the HTTP API's keys, through `ApiKeysService`.
 *
 * @module
 */
import { Option, type Command } from 'commander';
import type { ApiKeyDto } from '@agent-studio/sdk';
import { confirmDestructive } from '../lib/confirm.js';
import { emit, err, out, outTable } from '../lib/output.js';
import { withExecSession } from '../lib/with-exec-session.js';

function keyState(key: ApiKeyDto): string {
  return key.revokedAt ? `revoked ${key.revokedAt}` : 'active';
}

/**
 * Registers `api-keys` with:
 *
 * - `create --name <name> [--scope admin|read]`: creates a key (scope `read` — GET/HEAD only —
 *   unless `--scope admin`) and prints it **once** on stdout (only its SHA-256 hash
 *   is stored; it cannot be shown again), its id and prefix on stderr; `--json`:
 *   `{ apiKey, key }`;
 * - `list`: every key, newest first (id, name, prefix, created, last used, state) — never a key
 *   or a hash;
 * - `revoke <id> [--yes]`: revokes a key (idempotent; an unknown id is an error) after a
 *   confirmation (asked on a terminal; `--yes` required otherwise).
 *
 * Each runs in one exec session (`withSession`), committed when it succeeds.
 *
 * @example
 * registerApiKeys(program);
 * // $ pnpm studio api-keys create --name ci
 */
export function registerApiKeys(program: Command): void {
  const apiKeys = program.command('api-keys').description("manage the HTTP API's keys");

  apiKeys
    .command('create')
    .description('create a key and print it once (it cannot be shown again)')
    .requiredOption('--name <name>', 'what the key is for, e.g. "ci"')
    .addOption(new Option('--scope <scope>', 'admin: every operation; read: GET and HEAD only').choices(['admin', 'read']).default('read'))
    .action(async (options: { name: string; scope: 'admin' | 'read' }) => {
      const created = await withExecSession((session, sdk) => sdk.ApiKeysService.createApiKey(session, { name: options.name, scope: options.scope }));
      emit(created, () => {
        err(`created ${created.apiKey.scope} api key ${created.apiKey.id} "${created.apiKey.name}" (prefix ${created.apiKey.prefix}); it is shown once:`);
        out(created.key);
      });
    });

  apiKeys
    .command('list')
    .description('list every key, newest first (never the keys themselves)')
    .action(async () => {
      const keys = await withExecSession((session, sdk) => sdk.ApiKeysService.listApiKeys(session));
      emit(keys, () => {
        if (!keys.length) return out('no api keys');
        outTable(
          ['id', 'name', 'scope', 'prefix', 'created', 'last used', 'state'],
          keys.map((k) => [k.id, k.name, k.scope, k.prefix, k.createdAt, k.lastUsedAt ?? '-', keyState(k)]),
        );
      });
    });

  apiKeys
    .command('revoke')
    .description('revoke a key by id (idempotent); asks first, or --yes')
    .argument('<id>', 'the id of the key (from "api-keys list")')
    .option('-y, --yes', 'do not ask for confirmation (required when not on a terminal)')
    .action(async (id: string, options: { yes?: boolean }) => {
      const key = await withExecSession(async (session, sdk) => {
        const found = (await sdk.ApiKeysService.listApiKeys(session)).find((k) => k.id === id);
        // an unknown or malformed id: let the service say so, before asking anything
        if (!found) return sdk.ApiKeysService.revokeApiKey(session, id);
        if (!found.revokedAt) await confirmDestructive({ action: `revoke api key ${found.id} "${found.name}"`, yes: options.yes === true });
        return sdk.ApiKeysService.revokeApiKey(session, id);
      });
      emit(key, () => out(`revoked api key ${key.id} "${key.name}" (${key.revokedAt ?? ''})`));
    });
}
