import { lookup } from 'node:dns/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findOutboundBlockedError } from './outbound-blocked-error.js';
import { createOutboundFetch, policyLookup } from './outbound-fetch.js';
import { loadOutboundPolicy, STRICT_OUTBOUND_POLICY } from './outbound-policy.js';

let server: Server;
let port: number;
/** A port nothing listens on (a server opened and closed again). */
let closedPort: number;

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url?.startsWith('/redirect')) {
      const to = new URL(req.url, 'http://x').searchParams.get('to') ?? '/';
      res.writeHead(302, { location: to }).end();
      return;
    }
    res.end(`hello from ${req.headers.host}`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  const other = createServer();
  await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
  closedPort = (other.address() as AddressInfo).port;
  await new Promise<void>((resolve) => other.close(() => resolve()));
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

async function failureOf(promise: Promise<Response>): Promise<Error> {
  try {
    const response = await promise;
    throw new Error(`expected a refusal, got HTTP ${response.status}`);
  } catch (e) {
    return e as Error;
  }
}

describe('createOutboundFetch', () => {
  it('refuses loopback by default, with the same error for an open and a closed port', async () => {
    const outboundFetch = createOutboundFetch(STRICT_OUTBOUND_POLICY);
    const open = await failureOf(outboundFetch(`http://127.0.0.1:${port}/`));
    const closed = await failureOf(outboundFetch(`http://127.0.0.1:${closedPort}/`));
    const openBlocked = findOutboundBlockedError(open);
    expect(openBlocked?.reason).toBe('loopback');
    expect(findOutboundBlockedError(closed)?.message).toBe(openBlocked?.message);
    expect(openBlocked?.message).not.toContain(String(port));
    // the same server, when allowed, answers; a closed port is then a plain connection error
    const allowed = createOutboundFetch(loadOutboundPolicy({ OUTBOUND_ALLOW: '127.0.0.1/32' }));
    expect(await (await allowed(`http://127.0.0.1:${port}/`)).text()).toBe(`hello from 127.0.0.1:${port}`);
    expect(findOutboundBlockedError(await failureOf(allowed(`http://127.0.0.1:${closedPort}/`)))).toBeUndefined();
  });

  it('refuses decimal, hex and IPv4-mapped spellings of an address that is not allowed', async () => {
    const outboundFetch = createOutboundFetch(STRICT_OUTBOUND_POLICY);
    for (const host of ['2130706433', '0x7f000001', '[::ffff:127.0.0.1]', '[::1]', '0.0.0.0']) {
      const error = await failureOf(outboundFetch(`http://${host}:${port}/`));
      expect(findOutboundBlockedError(error), host).toBeDefined();
    }
  });

  it('checks the RESOLVED address: a host name resolving to 127.0.0.1 is refused at connect time', async () => {
    const name = hostname();
    const addresses = await lookup(name, { all: true });
    expect(addresses.some((a) => a.address.startsWith('127.'))).toBe(true); // the machine's own name (/etc/hosts)
    const error = await failureOf(createOutboundFetch(STRICT_OUTBOUND_POLICY)(`http://${name}:${port}/`));
    expect(findOutboundBlockedError(error)?.reason).toBe('loopback');
    expect(findOutboundBlockedError(error)?.host).toBe(name);
    // allowing the address (not the name) lets it through
    const allowed = createOutboundFetch(loadOutboundPolicy({ OUTBOUND_ALLOW: '127.0.0.0/8,::1/128' }));
    expect((await allowed(`http://${name}:${port}/`)).status).toBe(200);
    // allowing the name lets it through whatever it resolves to
    const byName = createOutboundFetch(loadOutboundPolicy({ OUTBOUND_ALLOW: name }));
    expect((await byName(`http://${name}:${port}/`)).status).toBe(200);
  });

  it('the lookup refuses a name whose answer holds a refused address', async () => {
    const error = await new Promise<Error | null>((resolve) => {
      policyLookup(STRICT_OUTBOUND_POLICY)('localhost', { all: true }, (e) => resolve(e));
    });
    expect(findOutboundBlockedError(error)?.reason).toBe('loopback');
  });

  it('refuses a redirect to an address that is not allowed', async () => {
    const outboundFetch = createOutboundFetch(loadOutboundPolicy({ OUTBOUND_ALLOW: '127.0.0.1/32' }));
    const followed = await outboundFetch(`http://127.0.0.1:${port}/redirect?to=/final`);
    expect(await followed.text()).toBe(`hello from 127.0.0.1:${port}`);
    for (const to of [`http://127.0.0.2:${port}/`, `http://169.254.169.254/latest/meta-data/`, `http://[::1]:${port}/`]) {
      const error = await failureOf(outboundFetch(`http://127.0.0.1:${port}/redirect?to=${encodeURIComponent(to)}`));
      expect(findOutboundBlockedError(error), to).toBeDefined();
    }
  });
});
