/**
 * MCP server URLs with credentials: the user info and query values of a URL are secrets, so a
 * saved server keeps the full URL encrypted (`urlSecret: { url }`) and shows a URL without them
 * (user info dropped, each query value replaced by the mask).
 *
 * @module
 */

/** The mask shown in place of each query value (the same as for header and env values). */
const MASK = '••••••';

/**
 * The URL to show and the secret to store for `url`. A URL without user info or query values
 * needs no secret (`secret` is `{}`).
 *
 * @example
 * splitUrlSecret('https://u:p@mcp.example.com/mcp?token=abc');
 * // { shown: 'https://mcp.example.com/mcp?token=••••••', secret: { url: 'https://u:p@mcp.example.com/mcp?token=abc' } }
 */
export function splitUrlSecret(url: string): { shown: string; secret: Record<string, string> } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { shown: url, secret: {} };
  }
  const hasQueryValues = [...parsed.searchParams.values()].some((v) => v !== '');
  if (!parsed.username && !parsed.password && !hasQueryValues) return { shown: url, secret: {} };
  parsed.username = '';
  parsed.password = '';
  const masked = new URLSearchParams();
  for (const [name, value] of parsed.searchParams) masked.append(name, value === '' ? '' : MASK);
  parsed.search = masked.toString();
  return { shown: parsed.href, secret: { url } };
}

/**
 * The URL to connect to for a saved server: the full one from its secret, else the shown one.
 *
 * @example
 * const config = { transport: row.transport, url: endpointUrlOf(row) };
 */
export function endpointUrlOf(row: { readonly url: string | null; readonly urlSecret?: Readonly<Record<string, string>> | null }): string | null {
  return row.urlSecret?.url ?? row.url;
}
