/**
 * Listens for key changes on the database server (`LISTEN agent_studio_auth`; a trigger sends
 * one NOTIFY per revoked or changed API key and per rotated or deleted deployment key, on
 * commit) and drops the matching verdicts from the process's {@link CallerCache}. One dedicated
 * connection outside the pool; reconnects after a second when it drops (clearing the cache, as
 * notifications may have been missed). Nothing listens on the embedded database (its socket
 * server has no notifications to offer): there verdicts live at most a second.
 * @module
 */
import type { Engine } from '@agent-studio/db/engine';
import pg from 'pg';
import type { Logger } from 'pino';
import { parseKeySubject, type CallerCache } from './caller-cache.js';

/** The notification channel the `0021-notify-key-changes` triggers send on. */
export const KEY_CHANGE_CHANNEL = 'agent_studio_auth';
const RECONNECT_MS = 1_000;

/** A running listener. */
export interface KeyChangeListener {
  /** Resolves once the first LISTEN succeeded (or failed; the listener keeps retrying). */
  readonly ready: Promise<void>;
  /** Stops listening and closes the connection. Idempotent. */
  close(): Promise<void>;
}

/**
 * Starts listening (server engines only; a no-op for the embedded database).
 *
 * @example
 * const listener = listenForKeyChanges(engine, cache, logger);
 * await listener.ready;
 * // on shutdown:
 * await listener.close();
 */
export function listenForKeyChanges(engine: Engine, cache: CallerCache, logger: Logger): KeyChangeListener {
  if (engine.config.target.kind !== 'server') {
    cache.listening = false; // verdicts live at most UNLISTENED_TTL_MS
    return { ready: Promise.resolve(), close: () => Promise.resolve() };
  }
  const url = engine.config.target.url;
  let stopped = false;
  let client: pg.Client | undefined;
  let timer: NodeJS.Timeout | undefined;

  const lost = (error?: unknown) => {
    cache.listening = false;
    cache.clear();
    if (client) {
      client.removeAllListeners();
      client.on('error', () => undefined);
      void client.end().catch(() => undefined);
      client = undefined;
    }
    if (stopped || engine.closed) return;
    if (error) logger.warn({ err: (error as Error).message }, 'key change listener lost its connection; reconnecting');
    timer = setTimeout(() => void connect(), RECONNECT_MS);
    timer.unref();
  };

  const connect = async (): Promise<void> => {
    const c = new pg.Client({ connectionString: url, application_name: 'agent-studio-auth-listener', connectionTimeoutMillis: 5_000 });
    client = c;
    c.on('error', lost);
    c.on('end', () => {
      if (client === c) lost();
    });
    c.on('notification', (message) => {
      const subject = message.channel === KEY_CHANGE_CHANNEL && message.payload ? parseKeySubject(message.payload) : undefined;
      if (subject) cache.forget(subject);
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${KEY_CHANGE_CHANNEL}`);
      if (stopped) {
        await c.end().catch(() => undefined);
        return;
      }
      cache.clear(); // verdicts cached while not listening may be stale
      cache.listening = true;
    } catch (error) {
      if (client === c) lost(error);
    }
  };

  const ready = connect();
  return {
    ready,
    async close() {
      stopped = true;
      cache.listening = false;
      if (timer) clearTimeout(timer);
      const c = client;
      client = undefined;
      if (c) {
        c.removeAllListeners();
        c.on('error', () => undefined);
        await c.end().catch(() => undefined);
      }
    },
  };
}
