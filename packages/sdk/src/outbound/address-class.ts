/**
 * Which addresses the outbound policy refuses by default: everything but globally routable
 * unicast, as classified by `ipaddr.js` (IPv4-mapped IPv6 addresses are judged as the IPv4
 * address they carry).
 *
 * @module
 */
import ipaddr from 'ipaddr.js';
import type { BlockedAddressClass } from './outbound-blocked-error.js';

/** Host names refused whatever they resolve to: cloud metadata services and loopback names. */
const BLOCKED_HOST_NAMES: ReadonlyMap<string, BlockedAddressClass> = new Map([
  ['metadata.google.internal', 'metadata'],
  ['metadata', 'metadata'],
  ['instance-data', 'metadata'],
  ['localhost', 'loopback'],
]);

/** Well-known metadata addresses, named as such (they are also link-local / unique-local). */
const METADATA_ADDRESSES = new Set(['169.254.169.254', '169.254.170.2', 'fd00:ec2::254', '100.100.100.200']);

const RANGE_CLASS: Readonly<Record<string, BlockedAddressClass>> = {
  loopback: 'loopback',
  private: 'private',
  linkLocal: 'link-local',
  uniqueLocal: 'unique-local',
  carrierGradeNat: 'carrier-grade-nat',
  unspecified: 'unspecified',
  multicast: 'multicast',
  broadcast: 'broadcast',
};

/**
 * A parsed address, IPv4-mapped IPv6 (`::ffff:10.0.0.1`) turned into its IPv4 address.
 *
 * @example
 * normalizeAddress('::ffff:127.0.0.1').toString(); // '127.0.0.1'
 */
export function normalizeAddress(address: string): ipaddr.IPv4 | ipaddr.IPv6 {
  const parsed = ipaddr.parse(stripBrackets(address));
  return parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()
    ? (parsed as ipaddr.IPv6).toIPv4Address()
    : parsed;
}

/**
 * True when `host` is an IP address literal (IPv6 with or without brackets).
 *
 * @example
 * isIpLiteral('[::1]'); // true
 */
export function isIpLiteral(host: string): boolean {
  return ipaddr.isValid(stripBrackets(host));
}

/**
 * The class that makes an address refused by default, or `undefined` for a globally routable
 * unicast address.
 *
 * @example
 * blockedClassOf('10.1.2.3'); // 'private'
 * blockedClassOf('93.184.216.34'); // undefined
 */
export function blockedClassOf(address: string): BlockedAddressClass | undefined {
  const parsed = normalizeAddress(address);
  if (METADATA_ADDRESSES.has(parsed.toNormalizedString()) || METADATA_ADDRESSES.has(parsed.toString())) return 'metadata';
  const range = parsed.range();
  if (range === 'unicast') return undefined;
  return RANGE_CLASS[range] ?? 'reserved';
}

/**
 * The class of a host NAME refused whatever it resolves to (`metadata.google.internal`,
 * `localhost`, `*.localhost`), else `undefined`.
 *
 * @example
 * blockedHostNameClass('metadata.google.internal'); // 'metadata'
 */
export function blockedHostNameClass(hostName: string): BlockedAddressClass | undefined {
  const name = normalizeHostName(hostName);
  if (name.endsWith('.localhost')) return 'loopback';
  return BLOCKED_HOST_NAMES.get(name);
}

/**
 * A host name as compared by the policy: lower case, without a trailing dot.
 *
 * @example
 * normalizeHostName('Metadata.Google.Internal.'); // 'metadata.google.internal'
 */
export function normalizeHostName(hostName: string): string {
  return hostName.toLowerCase().replace(/\.$/, '');
}

function stripBrackets(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}
