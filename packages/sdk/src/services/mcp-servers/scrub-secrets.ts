/**
 * A second line of defence for what MCP servers send back (error texts, server info, tool
 * descriptions and schemas): every string in a value is passed through the probe's secret
 * scrubber for the server's own configuration, so a server echoing a header or env value can
 * never carry it into a row or a DTO.
 *
 * @module
 */
import type { McpProbeConfig } from '../../mcp.js';
import { createSecretScrubber, type SecretScrubber } from '../../mcp/secret-scrubber.js';

/**
 * A scrubber for one configuration's secrets (header and env values, URL credentials and query
 * values).
 *
 * @example
 * const scrub = scrubberFor(probeConfigOf(row));
 */
export function scrubberFor(config: Partial<McpProbeConfig>): SecretScrubber {
  return createSecretScrubber(config);
}

/**
 * `value` with every string (object keys included) scrubbed; numbers, booleans and null as they
 * are. Returns a new value; the input is not changed.
 *
 * @example
 * scrubDeep({ description: 'uses token SECRET-123' }, scrub); // { description: 'uses token ***' }
 */
export function scrubDeep<T>(value: T, scrub: SecretScrubber): T {
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return scrub(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === 'object' && !(v instanceof Date)) {
      return Object.fromEntries(Object.entries(v).map(([k, inner]) => [scrub(k), walk(inner)]));
    }
    return v;
  };
  return walk(value) as T;
}
