/**
 * A test server on 127.0.0.1 and a free port, for clients that need a real socket (fetch,
 * event streams, aborts).
 *
 * @module
 */
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';

/**
 * Listens on 127.0.0.1 on a free port.
 *
 * @example
 * const server = await listenOnLoopback(ctx.app);
 * await readEventStream(`${server.base}/api/v1/runs/${id}/events`);
 * await server.close();
 */
export async function listenOnLoopback(app: Express): Promise<{ base: string; server: Server; close: () => Promise<void> }> {
  const server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    server,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
