/**
 * The auth verdicts of one process: key digest → caller, for a short TTL, so an authenticated
 * request costs no database round trip. Entries are dropped the moment a key stops being valid:
 * at once on the process that revoked it ({@link CallerCache.revokeKey}) and, on every other
 * process, when the `agent_studio_auth` notification arrives ({@link CallerCache.forget}).
 * While no notification listener is connected, verdicts live at most {@link UNLISTENED_TTL_MS} (half a second, so a revocation elsewhere still takes within one).
 * @module
 */
import { timingSafeEqual } from 'node:crypto';
import type { Caller } from '@agent-studio/sdk';

/** How long a verdict lives while change notifications cannot be received. */
export const UNLISTENED_TTL_MS = 500;
const MAX_CACHED = 10_000;

interface Entry {
  readonly digest: Buffer;
  readonly caller: Caller;
  readonly expiresAt: number;
}

/** What a key change names: an API key or a deployment (whose key rotated or which was deleted). */
export type KeySubject = { readonly kind: 'api_key'; readonly id: string } | { readonly kind: 'deployment'; readonly id: string };

/**
 * Parses an `agent_studio_auth` payload (`api_key:<id>` / `deployment:<id>`).
 *
 * @example
 * parseKeySubject('api_key:3f2c…'); // { kind: 'api_key', id: '3f2c…' }
 */
export function parseKeySubject(payload: string): KeySubject | undefined {
  const [kind, id] = payload.split(':', 2);
  if ((kind === 'api_key' || kind === 'deployment') && id) return { kind, id };
  return undefined;
}

function names(caller: Caller, subject: KeySubject): boolean {
  return subject.kind === 'api_key'
    ? caller.kind === 'api_key' && caller.keyId === subject.id
    : caller.kind === 'deployment' && caller.deploymentId === subject.id;
}

/**
 * A process's verdict cache.
 *
 * @example
 * const cache = new CallerCache(30_000);
 * cache.set(digest, caller);
 * cache.get(digest); // caller, until the TTL, a revokeKey or a forget
 */
export class CallerCache {
  readonly #entries = new Map<string, Entry>();
  /** Keys revoked by this process: refused even before the revoking transaction commits. */
  readonly #revoked = new Set<string>();
  /** True while a listener receives change notifications (then the full TTL applies). */
  listening = false;

  constructor(private readonly ttlMs: number) {}

  /**
   * The cached caller for a key digest, if fresh and not revoked here.
   *
   * @example
   * const caller = cache.get(createHash('sha256').update(key).digest());
   */
  get(digest: Buffer): Caller | undefined {
    const hex = digest.toString('hex');
    const entry = this.#entries.get(hex);
    if (!entry || entry.expiresAt < Date.now() || !timingSafeEqual(entry.digest, digest)) return undefined;
    if (this.isRevoked(entry.caller)) {
      this.#entries.delete(hex);
      return undefined;
    }
    return entry.caller;
  }

  /**
   * Caches a verdict (not when the caller was revoked here meanwhile).
   *
   * @example
   * cache.set(digest, { kind: 'api_key', keyId, scope: 'read' });
   */
  set(digest: Buffer, caller: Caller): void {
    if (this.isRevoked(caller)) return;
    if (this.#entries.size >= MAX_CACHED) this.#entries.clear();
    const ttl = this.listening ? this.ttlMs : Math.min(this.ttlMs, UNLISTENED_TTL_MS);
    this.#entries.set(digest.toString('hex'), { digest, caller, expiresAt: Date.now() + ttl });
  }

  /**
   * True when `caller` is an API key this process revoked.
   *
   * @example
   * if (cache.isRevoked(caller)) refuse();
   */
  isRevoked(caller: Caller): boolean {
    return caller.kind === 'api_key' && this.#revoked.has(caller.keyId);
  }

  /**
   * Refuses an API key from now on in this process (revocation is final) and drops its verdicts.
   *
   * @example
   * cache.revokeKey(params.id); // then revoke it in the database
   */
  revokeKey(keyId: string): void {
    this.#revoked.add(keyId);
    this.forget({ kind: 'api_key', id: keyId });
  }

  /**
   * Drops every verdict naming `subject` (after a change notification).
   *
   * @example
   * cache.forget({ kind: 'deployment', id });
   */
  forget(subject: KeySubject): void {
    for (const [hex, entry] of this.#entries) if (names(entry.caller, subject)) this.#entries.delete(hex);
  }

  /**
   * Drops every verdict (when notifications may have been missed).
   *
   * @example
   * cache.clear();
   */
  clear(): void {
    this.#entries.clear();
  }
}
