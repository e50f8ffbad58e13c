/**
 * One exec session with the SDK, on a migrated database: what every resource command needs.
 *
 * @module
 */
import type { ExecSession } from '@agent-studio/db/exec';
import type * as SdkModule from '@agent-studio/sdk';

/** The SDK module, loaded when a command runs (keeps `--help` fast). */
export type Sdk = typeof SdkModule;

/**
 * Opens the engine ({@link withEngine}: prints the database, checks it is migrated), runs `fn` in
 * one exec session (`withSession`: committed when `fn` resolves, rolled back when it throws) with
 * the SDK's services, and closes everything.
 *
 * @example
 * const keys = await withExecSession((session, sdk) => sdk.ApiKeysService.listApiKeys(session));
 */
export async function withExecSession<T>(fn: (session: ExecSession, sdk: Sdk) => Promise<T>): Promise<T> {
  const [{ withEngine }, { withSession }, sdk] = await Promise.all([
    import('./with-engine.js'),
    import('@agent-studio/db/exec'),
    import('@agent-studio/sdk'),
  ]);
  return withEngine((engine) => withSession(engine, (session) => fn(session, sdk)), { requireMigrated: true });
}
