/**
 * The process's outbound policy: loaded from `process.env` on first use (so the API, the CLI and
 * the legacy monitor all get `OUTBOUND_ALLOW` without threading it through), replaceable at
 * start-up, with one shared `fetch` (one connection pool) per policy.
 *
 * @module
 */
import { createOutboundFetch } from './outbound-fetch.js';
import { loadOutboundPolicy, type OutboundPolicy } from './outbound-policy.js';

let current: OutboundPolicy | undefined;
const fetchByPolicy = new WeakMap<OutboundPolicy, typeof fetch>();

/**
 * The policy in force: the one installed by {@link setOutboundPolicy}, else
 * `loadOutboundPolicy(process.env)` (read once).
 *
 * @throws {ConfigError} when `OUTBOUND_ALLOW` is invalid.
 * @example
 * checkOutboundUrl(currentOutboundPolicy(), input.url);
 */
export function currentOutboundPolicy(): OutboundPolicy {
  current ??= loadOutboundPolicy(process.env);
  return current;
}

/**
 * The shared policy-enforcing `fetch` of `policy` (default: {@link currentOutboundPolicy}); one
 * per policy object, so its connections are pooled.
 *
 * @example
 * const response = await outboundFetchFor()('https://api.example.com');
 */
export function outboundFetchFor(policy: OutboundPolicy = currentOutboundPolicy()): typeof fetch {
  let shared = fetchByPolicy.get(policy);
  if (!shared) {
    shared = createOutboundFetch(policy);
    fetchByPolicy.set(policy, shared);
  }
  return shared;
}

/**
 * Installs the process's policy (the API and CLI call it at start with the validated
 * `loadOutboundPolicy(process.env)`, so a bad `OUTBOUND_ALLOW` stops them before they serve).
 *
 * @example
 * setOutboundPolicy(loadOutboundPolicy(process.env));
 */
export function setOutboundPolicy(policy: OutboundPolicy): void {
  current = policy;
}
