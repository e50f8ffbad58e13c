import { isConfigError } from '@agent-studio/db/exec';
import { describe, expect, it } from 'vitest';
import { checkOutboundUrl } from './check-outbound-url.js';
import { addressVerdict, loadOutboundPolicy, STRICT_OUTBOUND_POLICY } from './outbound-policy.js';

/** One address (or URL host) per class the default policy refuses, in several spellings. */
const REFUSED: readonly (readonly [string, string])[] = [
  ['http://127.0.0.1/', 'loopback'],
  ['http://127.9.9.9:8080/', 'loopback'],
  ['http://[::1]/', 'loopback'],
  ['http://localhost:3000/', 'loopback'],
  ['http://api.localhost/', 'loopback'],
  ['http://2130706433/', 'loopback'], // decimal 127.0.0.1
  ['http://0x7f000001/', 'loopback'], // hex
  ['http://0177.0.0.1/', 'loopback'], // octal
  ['http://127.1/', 'loopback'], // short form
  ['http://[::ffff:127.0.0.1]/', 'loopback'], // IPv4-mapped IPv6
  ['http://10.0.0.1/', 'private'],
  ['http://172.16.5.4/', 'private'],
  ['http://172.31.255.255/', 'private'],
  ['http://192.168.1.1/', 'private'],
  ['http://0xc0a80101/', 'private'], // hex 192.168.1.1
  ['http://[::ffff:10.1.2.3]/', 'private'],
  ['http://169.254.10.10/', 'link-local'],
  ['http://[fe80::1]/', 'link-local'],
  ['http://[fc00::1]/', 'unique-local'],
  ['http://[fd12:3456::1]/', 'unique-local'],
  ['http://100.64.0.1/', 'carrier-grade-nat'],
  ['http://100.127.255.254/', 'carrier-grade-nat'],
  ['http://0.0.0.0/', 'unspecified'],
  ['http://[::]/', 'unspecified'],
  ['http://224.0.0.1/', 'multicast'],
  ['http://[ff02::1]/', 'multicast'],
  ['http://255.255.255.255/', 'broadcast'],
  ['http://169.254.169.254/latest/meta-data/', 'metadata'],
  ['http://[fd00:ec2::254]/', 'metadata'],
  ['http://metadata.google.internal/computeMetadata/v1/', 'metadata'],
  ['http://METADATA.GOOGLE.INTERNAL./', 'metadata'],
  ['http://[::ffff:169.254.169.254]/', 'metadata'],
  ['http://192.0.2.1/', 'reserved'], // TEST-NET-1
];

describe('the default outbound policy', () => {
  it.each(REFUSED)('refuses %s (%s)', (url, reason) => {
    const blocked = checkOutboundUrl(STRICT_OUTBOUND_POLICY, url);
    expect(blocked?.reason).toBe(reason);
    expect(blocked?.message).toContain('refused by the outbound policy');
  });

  it.each(['https://93.184.216.34/', 'https://[2606:4700::1111]/', 'https://mcp.example.com/mcp', 'http://8.8.8.8:53/'])(
    'accepts the public destination %s',
    (url) => {
      expect(checkOutboundUrl(STRICT_OUTBOUND_POLICY, url)).toBeUndefined();
    },
  );

  it('leaves an unparseable URL to the URL validation', () => {
    expect(checkOutboundUrl(STRICT_OUTBOUND_POLICY, 'not a url')).toBeUndefined();
  });
});

describe('OUTBOUND_ALLOW', () => {
  it('allows listed CIDRs, addresses, host names and *.suffix patterns, and nothing more', () => {
    const policy = loadOutboundPolicy({ OUTBOUND_ALLOW: ' 10.20.0.0/16, 127.0.0.1 ,::1/128,mcp.internal,*.svc.cluster.local,::ffff:192.168.0.0/112' });
    expect(checkOutboundUrl(policy, 'http://10.20.3.4/')).toBeUndefined();
    expect(checkOutboundUrl(policy, 'http://10.21.0.1/')?.reason).toBe('private');
    expect(checkOutboundUrl(policy, 'http://127.0.0.1:9/')).toBeUndefined();
    expect(checkOutboundUrl(policy, 'http://2130706433/')).toBeUndefined();
    expect(checkOutboundUrl(policy, 'http://127.0.0.2/')?.reason).toBe('loopback');
    expect(checkOutboundUrl(policy, 'http://[::1]/')).toBeUndefined();
    expect(checkOutboundUrl(policy, 'http://[::ffff:127.0.0.1]/')).toBeUndefined();
    expect(checkOutboundUrl(policy, 'http://192.168.7.7/')).toBeUndefined();
    expect(addressVerdict(policy, '192.169.0.1')).toBeUndefined(); // public anyway
    expect(checkOutboundUrl(policy, 'http://localhost/')?.reason).toBe('loopback');
    expect(policy.allowHosts).toEqual(['mcp.internal', '*.svc.cluster.local']);
    expect(loadOutboundPolicy({ OUTBOUND_ALLOW: 'localhost' }).allowHosts).toEqual(['localhost']);
    expect(checkOutboundUrl(loadOutboundPolicy({ OUTBOUND_ALLOW: 'localhost' }), 'http://localhost/')).toBeUndefined();
  });

  it('unset or empty allows public addresses only', () => {
    for (const env of [{}, { OUTBOUND_ALLOW: '' }, { OUTBOUND_ALLOW: ' , ' }]) {
      expect(loadOutboundPolicy(env)).toEqual({ allowCidrs: [], allowHosts: [] });
    }
  });

  it.each(['10.0.0.0/33', 'not_a host!', '::1/200', 'http://x'])('refuses the entry %s with a ConfigError naming the variable', (entry) => {
    let error: unknown;
    try {
      loadOutboundPolicy({ OUTBOUND_ALLOW: `127.0.0.1/32,${entry}` });
    } catch (e) {
      error = e;
    }
    expect(isConfigError(error)).toBe(true);
    expect((error as Error).message).toContain('OUTBOUND_ALLOW');
  });
});
