/**
 * The connection settings of an MCP server (transport, endpoint, secrets): the rules they must
 * satisfy, and how a saved row turns into a probe configuration.
 *
 * @module
 */
import type { McpServer } from '@agent-studio/db/models';
import type { McpProbeConfig, McpTransport } from '../../mcp.js';
import type { ValidationIssue } from '../../errors/validation-error.js';
import { outboundUrlIssues, stdioCommandIssues } from '../../common/policy-issues.js';
import { endpointUrlOf } from '../../mcp/url-secret.js';
import { argsWithSecrets, secretArgIndexes } from '../../mcp/secret-args.js';

/**
 * The endpoint part of a connection, as merged from input and saved row.
 *
 * @example
 * const endpoint: McpEndpoint = { transport: 'stdio', command: 'node', args: ['server.js'] };
 */
export interface McpEndpoint {
  transport: McpTransport;
  url?: string | null | undefined;
  command?: string | null | undefined;
  args?: readonly string[] | null | undefined;
}

/**
 * What the caller set explicitly (so a field not used by the transport is reported only when the
 * caller actually sent it).
 *
 * @example
 * endpointIssues(endpoint, { url: true });
 */
export type ExplicitFields = Partial<Record<'url' | 'command' | 'args', boolean>>;

/**
 * The problems of an endpoint, with paths:
 * - `streamable_http` / `sse`: `url` required, an http: or https: URL; `command` / `args` not
 *   accepted;
 * - `stdio`: `command` and `args` required (`args` may be an empty list); `url` not accepted.
 *
 * @example
 * endpointIssues({ transport: 'sse' }, {}); // [{ path: ['url'], message: 'url is required for the sse transport' }]
 */
export function endpointIssues(endpoint: McpEndpoint, explicit: ExplicitFields): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const { transport } = endpoint;
  if (transport === 'stdio') {
    if (!endpoint.command) issues.push({ path: ['command'], message: 'command is required for the stdio transport' });
    if (!endpoint.args) issues.push({ path: ['args'], message: 'args is required for the stdio transport (may be [])' });
    if (explicit.url && endpoint.url) issues.push({ path: ['url'], message: 'url is not used by the stdio transport' });
    return issues;
  }
  if (explicit.command && endpoint.command) {
    issues.push({ path: ['command'], message: `command is not used by the ${transport} transport` });
  }
  if (explicit.args && endpoint.args?.length) {
    issues.push({ path: ['args'], message: `args is not used by the ${transport} transport` });
  }
  if (!endpoint.url) {
    issues.push({ path: ['url'], message: `url is required for the ${transport} transport` });
    return issues;
  }
  let parsed: URL;
  try {
    parsed = new URL(endpoint.url);
  } catch {
    issues.push({ path: ['url'], message: 'url is not a valid URL' });
    return issues;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    issues.push({ path: ['url'], message: 'url must use http: or https:' });
  }
  return issues;
}

/**
 * What the policies refuse about an endpoint: a stdio `command` not on `MCP_STDIO_COMMANDS`, an
 * HTTP `url` the outbound policy refuses as written (literal private / loopback / metadata
 * address, `localhost`). Host names are checked again at connect time, on their addresses.
 *
 * @example
 * policyIssues({ transport: 'stdio', command: '/usr/bin/touch', args: [] }); // [{ path: ['command'], … }] by default
 */
export function policyIssues(endpoint: McpEndpoint): ValidationIssue[] {
  return endpoint.transport === 'stdio' ? stdioCommandIssues(endpoint.command, ['command']) : outboundUrlIssues(endpoint.url, ['url']);
}

/**
 * The probe configuration of a saved server (with its decrypted secrets). Stays inside the
 * service: it is never returned.
 *
 * @example
 * const result = await probeMcpServer(probeConfigOf(row), { deadlineMs: 5_000 });
 */
export function probeConfigOf(
  row: Pick<McpServer, 'transport' | 'url' | 'urlSecret' | 'command' | 'args' | 'argsSecret' | 'headers' | 'env'>,
): McpProbeConfig {
  const config: McpProbeConfig = { transport: row.transport };
  if (row.transport === 'stdio') {
    if (row.command !== null) config.command = row.command;
    config.args = argsWithSecrets(row);
    const secretArgs = secretArgIndexes(row);
    if (secretArgs.length) config.secretArgs = secretArgs;
    config.env = { ...row.env };
  } else {
    const url = endpointUrlOf(row);
    if (url !== null) config.url = url;
  }
  config.headers = { ...row.headers };
  return config;
}

/**
 * A comparable fingerprint of a server's connection settings (secrets included, so it is only
 * ever compared, never returned or logged).
 *
 * @example
 * if (connectionKey(before) !== connectionKey(after)) resetHealth(row);
 */
export function connectionKey(
  row: Pick<McpServer, 'transport' | 'url' | 'urlSecret' | 'command' | 'args' | 'argsSecret' | 'headers' | 'env'>,
): string {
  const sorted = (map: Record<string, string>): [string, string][] =>
    Object.entries(map).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify([row.transport, endpointUrlOf(row), row.command, argsWithSecrets(row), sorted(row.headers), sorted(row.env)]);
}
