/**
 * The outbound address policy and its configuration: `OUTBOUND_ALLOW`, read and validated (zod)
 * here and nowhere else.
 *
 * @module
 */
import { ConfigError } from '@agent-studio/db/exec';
import ipaddr from 'ipaddr.js';
import { z } from 'zod';
import { blockedClassOf, blockedHostNameClass, normalizeAddress, normalizeHostName } from './address-class.js';
import type { BlockedAddressClass } from './outbound-blocked-error.js';

/** A host name (`internal.example`) or a suffix pattern (`*.svc.cluster.local`). */
const HOST_NAME = /^(\*\.)?(?=.{1,253}$)([a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?)(\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?)*$/i;

/**
 * Where outbound connections (MCP servers, http functions, model providers) may go. By default
 * only globally routable unicast addresses; `allowCidrs` and `allowHosts` open more.
 *
 * @example
 * const policy: OutboundPolicy = loadOutboundPolicy({ OUTBOUND_ALLOW: '10.20.0.0/16,mcp.internal' });
 */
export interface OutboundPolicy {
  /** Address ranges allowed although their class is refused by default. */
  readonly allowCidrs: readonly (readonly [ipaddr.IPv4 | ipaddr.IPv6, number])[];
  /** Host names allowed whatever they resolve to: exact names, and `*.suffix` patterns. */
  readonly allowHosts: readonly string[];
}

/**
 * The policy of the default configuration: nothing allowed beyond public addresses.
 *
 * @example
 * checkOutboundUrl(STRICT_OUTBOUND_POLICY, 'http://10.0.0.1/'); // refused
 */
export const STRICT_OUTBOUND_POLICY: OutboundPolicy = Object.freeze({ allowCidrs: [], allowHosts: [] });

const entrySchema = z.string().transform((entry, ctx) => {
  const value = entry.trim();
  if (value.includes('/')) {
    try {
      const [address, prefix] = ipaddr.parseCIDR(value);
      return { cidr: normalizeCidrAddress(address, prefix) };
    } catch {
      ctx.addIssue({ code: 'custom', message: `"${value}" is not a valid CIDR (e.g. 10.0.0.0/8, fd00::/8)` });
      return z.NEVER;
    }
  }
  if (ipaddr.isValid(value.replace(/^\[|\]$/g, ''))) {
    const address = normalizeAddress(value);
    return { cidr: [address, address.kind() === 'ipv4' ? 32 : 128] as const };
  }
  if (HOST_NAME.test(value)) return { host: normalizeHostName(value) };
  ctx.addIssue({ code: 'custom', message: `"${value}" is neither a CIDR, an IP address nor a host name` });
  return z.NEVER;
});

/**
 * The zod schema of the outbound settings in the environment.
 *
 * @example
 * outboundEnvSchema.parse({ OUTBOUND_ALLOW: '127.0.0.1/32' });
 */
export const outboundEnvSchema = z.object({
  OUTBOUND_ALLOW: z
    .string()
    .optional()
    .transform((v) => (v ?? '').split(',').map((s) => s.trim()).filter((s) => s.length > 0))
    .pipe(z.array(entrySchema).max(1_000))
    .describe('Comma-separated CIDRs, IP addresses and host names outbound connections may reach although private.'),
});

/**
 * Reads and validates the outbound policy from the environment (`OUTBOUND_ALLOW`: comma-separated
 * CIDRs, addresses, host names or `*.suffix` patterns; empty or unset allows public addresses only).
 *
 * @throws {ConfigError} naming `OUTBOUND_ALLOW` and the bad entry.
 * @example
 * const policy = loadOutboundPolicy(process.env);
 * const loopbackForTests = loadOutboundPolicy({ OUTBOUND_ALLOW: '127.0.0.1/32,::1/128' });
 */
export function loadOutboundPolicy(env: Readonly<Record<string, string | undefined>> = process.env): OutboundPolicy {
  const parsed = outboundEnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => ({ variable: 'OUTBOUND_ALLOW', message: i.message })));
  }
  const allowCidrs: [ipaddr.IPv4 | ipaddr.IPv6, number][] = [];
  const allowHosts: string[] = [];
  for (const entry of parsed.data.OUTBOUND_ALLOW) {
    if (entry.cidr !== undefined) allowCidrs.push([entry.cidr[0], entry.cidr[1]]);
    else if (entry.host !== undefined) allowHosts.push(entry.host);
  }
  return Object.freeze({ allowCidrs: Object.freeze(allowCidrs), allowHosts: Object.freeze(allowHosts) });
}

/**
 * True when the policy lists this host name (exactly, or under a `*.suffix` pattern).
 *
 * @example
 * isHostAllowed(loadOutboundPolicy({ OUTBOUND_ALLOW: '*.internal' }), 'mcp.internal'); // true
 */
export function isHostAllowed(policy: OutboundPolicy, hostName: string): boolean {
  const name = normalizeHostName(hostName);
  return policy.allowHosts.some((entry) => (entry.startsWith('*.') ? name.endsWith(entry.slice(1)) : name === entry));
}

/**
 * Why the policy refuses a host name regardless of its addresses (a metadata or loopback name
 * not on the allow-list), else `undefined`.
 *
 * @example
 * hostNameVerdict(STRICT_OUTBOUND_POLICY, 'metadata.google.internal'); // 'metadata'
 */
export function hostNameVerdict(policy: OutboundPolicy, hostName: string): BlockedAddressClass | undefined {
  if (isHostAllowed(policy, hostName)) return undefined;
  return blockedHostNameClass(hostName);
}

/**
 * Why the policy refuses a (resolved) IP address, else `undefined`: its class, unless it lies in
 * an allowed CIDR.
 *
 * @example
 * addressVerdict(STRICT_OUTBOUND_POLICY, '127.0.0.1'); // 'loopback'
 * addressVerdict(loadOutboundPolicy({ OUTBOUND_ALLOW: '127.0.0.1/32' }), '127.0.0.1'); // undefined
 */
export function addressVerdict(policy: OutboundPolicy, address: string): BlockedAddressClass | undefined {
  const reason = blockedClassOf(address);
  if (reason === undefined) return undefined;
  const parsed = normalizeAddress(address);
  const allowed = policy.allowCidrs.some(([range, prefix]) => range.kind() === parsed.kind() && parsed.match(range, prefix));
  return allowed ? undefined : reason;
}

/** An IPv4-mapped CIDR (`::ffff:10.0.0.0/104`) as the IPv4 CIDR it means. */
function normalizeCidrAddress(address: ipaddr.IPv4 | ipaddr.IPv6, prefix: number): [ipaddr.IPv4 | ipaddr.IPv6, number] {
  if (address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress() && prefix >= 96) {
    return [(address as ipaddr.IPv6).toIPv4Address(), prefix - 96];
  }
  return [address, prefix];
}
