/**
 * `createOutboundFetch`: a `fetch` whose every connection — the first request, each redirect, each
 * reconnect — goes through undici's connector with the outbound policy checked on the address
 * the connection is actually made to (the DNS answer net.connect uses), so DNS rebinding and
 * redirects to private addresses are refused.
 *
 * Why undici's connector and not `request-filtering-agent`: that library filters `http.Agent`
 * sockets (node-fetch, axios); Node's `fetch` and the MCP SDK's transports run on undici, whose
 * `Agent` takes a `connect` function — the one place every fetch connection passes.
 *
 * @module
 */
import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions, type LookupOneOptions } from 'node:dns';
import { Agent, buildConnector } from 'undici';
import { isIpLiteral } from './address-class.js';
import { OutboundBlockedError } from './outbound-blocked-error.js';
import { addressVerdict, hostNameVerdict, isHostAllowed, type OutboundPolicy } from './outbound-policy.js';

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `dns.lookup` replacement for `net.connect` that refuses every answer the policy refuses. When
 * a name resolves to several addresses and any is refused, the whole answer is refused (a
 * rebinding name cannot hide a private address among public ones).
 *
 * @example
 * net.connect({ host: 'example.com', port: 80, lookup: policyLookup(policy) });
 */
export function policyLookup(policy: OutboundPolicy) {
  return (hostname: string, options: LookupOneOptions | LookupAllOptions, callback: LookupCallback): void => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) {
        callback(error, []);
        return;
      }
      if (!isHostAllowed(policy, hostname)) {
        for (const { address } of addresses) {
          const reason = addressVerdict(policy, address);
          if (reason !== undefined) {
            callback(new OutboundBlockedError(hostname, reason), []);
            return;
          }
        }
      }
      if (options.all) callback(null, addresses);
      else callback(null, addresses[0]?.address ?? '', addresses[0]?.family ?? 4);
    });
  };
}

/**
 * An undici `Agent` that refuses what the policy refuses, before connecting: literal addresses
 * and known names in the connector, resolved addresses in the lookup.
 *
 * @example
 * await fetch(url, { dispatcher: createOutboundDispatcher(policy) } as RequestInit);
 */
export function createOutboundDispatcher(policy: OutboundPolicy): Agent {
  const connect = buildConnector({ lookup: policyLookup(policy) });
  return new Agent({
    connect(options, callback) {
      const host = options.hostname.replace(/^\[|\]$/g, '');
      const reason = isIpLiteral(host) ? addressVerdict(policy, host) : hostNameVerdict(policy, host);
      if (reason !== undefined) {
        callback(new OutboundBlockedError(host, reason), null);
        return;
      }
      connect(options, callback);
    },
  });
}

/**
 * A `fetch` that enforces `policy` on every connection it makes (Node's fetch with the
 * {@link createOutboundDispatcher} agent). A refused destination rejects with fetch's
 * `TypeError('fetch failed')` whose `cause` is an `OutboundBlockedError`
 * (see `findOutboundBlockedError`). Pass it to the MCP SDK transports (`fetch` option), the http
 * function executor and model clients.
 *
 * @example
 * const outboundFetch = createOutboundFetch(loadOutboundPolicy(process.env));
 * const response = await outboundFetch('https://api.example.com/orders');
 */
export function createOutboundFetch(policy: OutboundPolicy): typeof fetch {
  const dispatcher = createOutboundDispatcher(policy);
  // undici's Agent is the dispatcher Node's fetch runs on; its npm types differ from the bundled ones.
  return (input, init) => fetch(input, { ...init, dispatcher } as unknown as RequestInit);
}
