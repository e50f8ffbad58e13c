/**
 * A loopback HTTP server for the run engine's durability tests: it records every request (path,
 * `Idempotency-Key`, whether it completed) and answers after a per-path delay.
 *
 * @module
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the server saw. */
export interface SeenRequest {
  readonly path: string;
  readonly key: string | undefined;
  /** True once the response was written in full. */
  completed: boolean;
  /** When the client closed the connection before the answer (ms since epoch). */
  abortedAt?: number;
}

/** A running counting server. */
export interface CountingServer {
  readonly url: string;
  readonly seen: SeenRequest[];
  /** Requests to a path (without query). */
  count(path: string): number;
  close(): Promise<void>;
}

/**
 * Starts the server. `delays` maps a path to how long it waits before answering (ms).
 *
 * @example
 * const server = await startCountingServer({ '/slow': 3_000 });
 */
export async function startCountingServer(delays: Record<string, number> = {}): Promise<CountingServer> {
  const seen: SeenRequest[] = [];
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const entry: SeenRequest = { path, key: req.headers['idempotency-key'] as string | undefined, completed: false };
    seen.push(entry);
    req.resume();
    const timer = setTimeout(() => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ path, n: seen.filter((s) => s.path === path).length }), () => (entry.completed = true));
    }, delays[path] ?? 0);
    res.on('close', () => {
      clearTimeout(timer);
      if (!entry.completed) entry.abortedAt ??= Date.now();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    count: (path) => seen.filter((s) => s.path === path).length,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
