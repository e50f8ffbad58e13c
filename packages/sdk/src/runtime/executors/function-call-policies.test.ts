import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { StudioFunction } from '@agent-studio/db/models';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOutboundFetch } from '../../outbound/outbound-fetch.js';
import { STRICT_OUTBOUND_POLICY } from '../../outbound/outbound-policy.js';
import { executeFunction } from './function-call.js';
import { isStepError } from './step-error.js';

let server: Server;
let base: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/to-metadata') res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
    else res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function httpFunction(url: string): StudioFunction {
  return { id: 'f1', name: 'call', kind: 'http', config: { url, method: 'GET' }, parameters: {}, mcpServerId: null, mcpToolName: null } as unknown as StudioFunction;
}
const call = (url: string) => ({ fn: httpFunction(url), args: {}, signal: new AbortController().signal, timeoutMs: 5_000, idempotencyKey: 'run:1' });

async function stepErrorOf(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (e) {
    expect(isStepError(e)).toBe(true);
    return e as { code: string; message: string };
  }
  throw new Error('expected a StepError');
}

describe('http function steps use the outbound policy', () => {
  it('by default through the process policy: an allowed loopback server answers, a redirect to metadata is blocked', async () => {
    expect(await executeFunction(call(`${base}/`))).toEqual({ ok: true });
    const error = await stepErrorOf(executeFunction(call(`${base}/to-metadata`)));
    expect(error.code).toBe('blocked');
  });

  it('a strict policy blocks the loopback server with one message for an open and a closed port', async () => {
    const deps = { fetch: createOutboundFetch(STRICT_OUTBOUND_POLICY) };
    const open = await stepErrorOf(executeFunction(call(`${base}/`), deps));
    const other = createServer();
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    const closedPort = (other.address() as AddressInfo).port;
    await new Promise<void>((resolve) => other.close(() => resolve()));
    const closed = await stepErrorOf(executeFunction(call(`http://127.0.0.1:${closedPort}/`), deps));
    expect(open.code).toBe('blocked');
    expect(closed).toMatchObject({ code: 'blocked', message: open.message });
  });
});
