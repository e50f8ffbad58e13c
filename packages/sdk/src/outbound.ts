/**
 * `@agent-studio/sdk/outbound` — the one outbound address policy of Agent Studio: what MCP
 * servers, http functions and model providers may connect to. By default only globally routable
 * unicast addresses; loopback, private, link-local, unique-local, CGNAT, unspecified, multicast,
 * broadcast and metadata addresses (also as IPv4-mapped IPv6 and in decimal / hex / octal
 * spellings) are refused unless `OUTBOUND_ALLOW` lists them. Checked on the resolved address at
 * connect time.
 *
 * @example
 * import { createOutboundFetch, loadOutboundPolicy } from '@agent-studio/sdk/outbound';
 * const outboundFetch = createOutboundFetch(loadOutboundPolicy(process.env));
 *
 * @module
 */
export {
  loadOutboundPolicy,
  outboundEnvSchema,
  addressVerdict,
  hostNameVerdict,
  isHostAllowed,
  STRICT_OUTBOUND_POLICY,
  type OutboundPolicy,
} from './outbound/outbound-policy.js';
export { checkOutboundUrl } from './outbound/check-outbound-url.js';
export { createOutboundFetch, createOutboundDispatcher, policyLookup } from './outbound/outbound-fetch.js';
export { currentOutboundPolicy, outboundFetchFor, setOutboundPolicy } from './outbound/default-outbound-policy.js';
export {
  OutboundBlockedError,
  isOutboundBlockedError,
  findOutboundBlockedError,
  type BlockedAddressClass,
} from './outbound/outbound-blocked-error.js';
export { blockedClassOf } from './outbound/address-class.js';
