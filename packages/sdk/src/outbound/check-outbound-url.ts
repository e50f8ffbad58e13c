/**
 * `checkOutboundUrl`: the registration-time half of the outbound policy. A URL whose host is a
 * refused address literal (in any spelling WHATWG URL accepts: decimal, hex, octal, IPv4-mapped
 * IPv6) or a refused host name is reported when it is saved; host names are checked again, on
 * their resolved addresses, whenever a connection is made.
 *
 * @module
 */
import { isIpLiteral } from './address-class.js';
import { OutboundBlockedError } from './outbound-blocked-error.js';
import { addressVerdict, hostNameVerdict, type OutboundPolicy } from './outbound-policy.js';

/**
 * The reason the policy refuses `url` without resolving it, or `undefined` when it may be saved
 * (an unparseable URL is `undefined` too: URL validation reports it). Only literal addresses and
 * known names (metadata services, `localhost`) are refused here.
 *
 * @example
 * checkOutboundUrl(STRICT_OUTBOUND_POLICY, 'http://2130706433/mcp')?.reason; // 'loopback' (127.0.0.1)
 * checkOutboundUrl(STRICT_OUTBOUND_POLICY, 'https://mcp.example.com/mcp'); // undefined
 */
export function checkOutboundUrl(policy: OutboundPolicy, url: string | URL): OutboundBlockedError | undefined {
  let host: string;
  try {
    host = (typeof url === 'string' ? new URL(url) : url).hostname;
  } catch {
    return undefined;
  }
  if (host === '') return undefined;
  if (isIpLiteral(host)) {
    const reason = addressVerdict(policy, host);
    return reason === undefined ? undefined : new OutboundBlockedError(host, reason);
  }
  const reason = hostNameVerdict(policy, host);
  return reason === undefined ? undefined : new OutboundBlockedError(host, reason);
}
