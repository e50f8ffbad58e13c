/**
 * Secure by default: the API never runs without a key. A configured `AGENT_STUDIO_API_KEY` is
 * registered (by hash) if missing; with none configured and no active key in the database, the
 * first start creates an admin key and returns it so the server can print it once.
 * @module
 */
import type { Engine } from '@agent-studio/db/engine';
import { withSession } from '@agent-studio/db/exec';
import { ApiKeysService } from '@agent-studio/sdk';

/** The transaction-level advisory lock key of the bootstrap ("agsk"). */
const BOOTSTRAP_LOCK = 0x6167736b;

/** What happened at start-up. */
export type BootstrapOutcome =
  | { readonly kind: 'configured' }
  | { readonly kind: 'existing'; readonly active: number }
  | { readonly kind: 'created'; readonly key: string };

/**
 * Makes sure at least one key can authenticate.
 *
 * @example
 * const outcome = await bootstrapApiKey(engine, config.bootstrapApiKey);
 * if (outcome.kind === 'created') console.log(`admin key: ${outcome.key}`);
 */
export async function bootstrapApiKey(engine: Engine, configuredKey: string | undefined): Promise<BootstrapOutcome> {
  return withSession(engine, async (session) => {
    // processes starting at once take turns (the lock ends with this transaction): a configured
    // key is registered once, and only one first start creates an admin key
    await session.executeSql('SELECT pg_advisory_xact_lock($1)', [BOOTSTRAP_LOCK]);
    if (configuredKey) {
      await ApiKeysService.registerApiKey(session, { name: 'configured (AGENT_STUDIO_API_KEY)', key: configuredKey });
      return { kind: 'configured' } as const;
    }
    const active = await ApiKeysService.countActiveApiKeys(session);
    if (active > 0) return { kind: 'existing', active } as const;
    const created = await ApiKeysService.createApiKey(session, { name: 'admin (created on first start)', scope: 'admin' });
    return { kind: 'created', key: created.key } as const;
  });
}
