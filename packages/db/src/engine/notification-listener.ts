/**
 * LISTEN/NOTIFY for the processes sharing one PostgreSQL server: one dedicated connection per
 * listener (outside the pool, so it never starves sessions), re-established with backoff when it
 * drops. The embedded database serves one process only, so there it is `supported: false` and
 * callers poll instead.
 *
 * @module
 */
import pg from 'pg';
import type { Engine } from './engine.js';

/** Called with a notification's payload. */
export type NotificationHandler = (payload: string) => void;

/**
 * Subscriptions to PostgreSQL notification channels.
 *
 * @example
 * const listener = createNotificationListener(engine);
 * const stop = await listener.subscribe('agent_studio_run_events', (runId) => wake(runId));
 * await stop();
 * await listener.close();
 */
export interface NotificationListener {
  /** False on the embedded database: nothing is ever delivered, poll instead. */
  readonly supported: boolean;
  /** LISTENs on `channel` (once per channel) and calls `handler` for each notification; resolves to an unsubscribe function. */
  subscribe(channel: string, handler: NotificationHandler): Promise<() => Promise<void>>;
  /** Ends the connection. Idempotent. */
  close(): Promise<void>;
}

/** Options of {@link createNotificationListener}. */
export interface NotificationListenerOptions {
  /** Told about connection failures (the listener reconnects by itself). */
  readonly onError?: (error: Error) => void;
  /** Called after a reconnect, when notifications may have been missed: re-check state. */
  readonly onReconnect?: () => void;
}

const CHANNEL = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * A listener on the engine's server (`supported: false` on the embedded database).
 *
 * @example
 * const listener = createNotificationListener(engine, { onError: (e) => log.warn(e) });
 * await listener.subscribe('agent_studio_runs', () => worker.wake());
 */
export function createNotificationListener(engine: Engine, options: NotificationListenerOptions = {}): NotificationListener {
  if (engine.config.target.kind !== 'server') {
    return { supported: false, subscribe: () => Promise.resolve(() => Promise.resolve()), close: () => Promise.resolve() };
  }
  const url = engine.config.target.url;
  const handlers = new Map<string, Set<NotificationHandler>>();
  let client: pg.Client | undefined;
  let connecting: Promise<pg.Client> | undefined;
  let closed = false;
  let retryTimer: NodeJS.Timeout | undefined;
  let backoffMs = 250;

  function quote(channel: string): string {
    return `"${channel}"`;
  }

  function connect(): Promise<pg.Client> {
    if (client) return Promise.resolve(client);
    connecting ??= (async () => {
      const c = new pg.Client({ connectionString: url, application_name: 'agent-studio-listener', keepAlive: true });
      c.on('notification', (msg) => {
        for (const handler of handlers.get(msg.channel) ?? []) handler(msg.payload ?? '');
      });
      c.on('error', (e) => lost(c, e));
      c.on('end', () => lost(c, new Error('notification connection ended')));
      await c.connect();
      for (const channel of handlers.keys()) await c.query(`LISTEN ${quote(channel)}`);
      client = c;
      backoffMs = 250;
      return c;
    })().finally(() => {
      connecting = undefined;
    });
    return connecting;
  }

  function lost(c: pg.Client, error: Error): void {
    if (client !== c) return;
    client = undefined;
    c.end().catch(() => undefined);
    if (closed) return;
    options.onError?.(error);
    scheduleReconnect();
  }

  function scheduleReconnect(): void {
    if (closed || retryTimer) return;
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      connect().then(
        () => options.onReconnect?.(),
        (e: Error) => {
          options.onError?.(e);
          backoffMs = Math.min(backoffMs * 2, 10_000);
          scheduleReconnect();
        },
      );
    }, backoffMs);
    retryTimer.unref();
  }

  return {
    supported: true,
    async subscribe(channel, handler) {
      if (!CHANNEL.test(channel)) throw new Error(`invalid notification channel name: ${channel}`);
      if (closed) throw new Error('the notification listener is closed');
      let set = handlers.get(channel);
      const first = !set;
      if (!set) handlers.set(channel, (set = new Set()));
      set.add(handler);
      try {
        const c = await connect();
        if (first) await c.query(`LISTEN ${quote(channel)}`);
      } catch (e) {
        options.onError?.(e as Error);
        scheduleReconnect(); // subscriptions are replayed on reconnect
      }
      return async () => {
        set.delete(handler);
        if (set.size === 0 && handlers.get(channel) === set) {
          handlers.delete(channel);
          await client?.query(`UNLISTEN ${quote(channel)}`).catch(() => undefined);
        }
      };
    },
    async close() {
      if (closed) return;
      closed = true;
      if (retryTimer) clearTimeout(retryTimer);
      const c = client ?? (await connecting?.catch(() => undefined));
      client = undefined;
      handlers.clear();
      await c?.end().catch(() => undefined);
    },
  };
}
