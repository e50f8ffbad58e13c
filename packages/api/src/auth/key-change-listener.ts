/**
 * Listens for key changes on the database server (channel `agent_studio_auth`; a trigger sends
 * one NOTIFY per revoked or changed API key and per rotated or deleted deployment key, on
 * commit) and drops the matching verdicts from the process's {@link CallerCache}. Built on the
 * engine's notification listener (`@agent-studio/db/engine`: one connection outside the pool,
 * reconnecting by itself). While it is not connected — and always on the embedded database,
 * which has no notifications — the cache keeps verdicts at most half a second; after a reconnect it
 * starts empty, as notifications may have been missed.
 * @module
 */
import { createNotificationListener, type Engine } from '@agent-studio/db/engine';
import type { Logger } from 'pino';
import { parseKeySubject, type CallerCache } from './caller-cache.js';

/** The notification channel the `0021-notify-key-changes` triggers send on. */
export const KEY_CHANGE_CHANNEL = 'agent_studio_auth';

/** A running listener. */
export interface KeyChangeListener {
  /** Resolves once the first LISTEN succeeded or failed (the listener keeps retrying). */
  readonly ready: Promise<void>;
  /** Stops listening and closes the connection. Idempotent. */
  close(): Promise<void>;
}

/**
 * Starts listening (a no-op on the embedded database).
 *
 * @example
 * const listener = listenForKeyChanges(engine, cache, logger);
 * await listener.ready;
 * // on shutdown:
 * await listener.close();
 */
export function listenForKeyChanges(engine: Engine, cache: CallerCache, logger: Logger): KeyChangeListener {
  let failed = false;
  const notifications = createNotificationListener(engine, {
    onError: (error) => {
      failed = true;
      cache.listening = false;
      cache.clear();
      logger.warn({ err: error.message }, 'key change listener lost its connection; verdicts live 0.5 s until it is back');
    },
    onReconnect: () => {
      cache.clear(); // verdicts cached meanwhile may be stale
      cache.listening = true;
    },
  });
  const ready = notifications.supported
    ? notifications
        .subscribe(KEY_CHANGE_CHANNEL, (payload) => {
          const subject = parseKeySubject(payload);
          if (subject) cache.forget(subject);
        })
        .then(() => {
          if (!failed) cache.listening = true;
        })
    : Promise.resolve();
  return {
    ready,
    async close() {
      cache.listening = false;
      await ready.catch(() => undefined);
      await notifications.close();
    },
  };
}
