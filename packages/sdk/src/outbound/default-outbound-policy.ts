/**
 * The process's outbound policy: loaded from `process.env` on first use (so the API, the CLI and
 * the legacy monitor all get `OUTBOUND_ALLOW` without threading it through), replaceable at
 * start-up, with one shared `fetch` per policy.
 *
 * @module
 */
import { createOutboundFetch } from './outbound-fetch.js';
import { loadOutboundPolicy, type OutboundPolicy } from './outbound-policy.js';

let current: { policy: OutboundPolicy; fetch: typeof fetch } | undefined;

/**
 * The policy in force: the one installed by {@link setOutboundPolicy}, else
 * `loadOutboundPolicy(process.env)` (read once).
 *
 * @throws {ConfigError} when `OUTBOUND_ALLOW` is invalid.
 * @example
 * checkOutboundUrl(currentOutboundPolicy(), input.url);
 */
export function currentOutboundPolicy(): OutboundPolicy {
  current ??= install(loadOutboundPolicy(process.env));
  return current.policy;
}

/**
 * The shared policy-enforcing `fetch` of {@link currentOutboundPolicy}.
 *
 * @example
 * const response = await currentOutboundFetch()('https://api.example.com');
 */
export function currentOutboundFetch(): typeof fetch {
  currentOutboundPolicy();
  return current!.fetch;
}

/**
 * Installs the process's policy (the API and CLI call it at start with the validated
 * `loadOutboundPolicy(process.env)`, so a bad `OUTBOUND_ALLOW` stops them before they serve).
 *
 * @example
 * setOutboundPolicy(loadOutboundPolicy(process.env));
 */
export function setOutboundPolicy(policy: OutboundPolicy): void {
  current = install(policy);
}

function install(policy: OutboundPolicy): { policy: OutboundPolicy; fetch: typeof fetch } {
  return { policy, fetch: createOutboundFetch(policy) };
}
