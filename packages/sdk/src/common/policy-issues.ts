/**
 * Registration-time policy checks shared by the services: an outbound URL the outbound policy
 * refuses as written (a literal address, a metadata or loopback name), and a stdio command not
 * on `MCP_STDIO_COMMANDS`, each as a validation issue at its field (the API answers 422).
 *
 * @module
 */
import type { ValidationIssue } from '../errors/validation-error.js';
import { currentStdioCommandPolicy, stdioCommandVerdict } from '../mcp/stdio-command-policy.js';
import { checkOutboundUrl } from '../outbound/check-outbound-url.js';
import { currentOutboundPolicy } from '../outbound/default-outbound-policy.js';

/**
 * The issue at `path` when the process's outbound policy refuses `url` as written, else none.
 *
 * @example
 * const issues = outboundUrlIssues(values.config.url, ['config', 'url']);
 */
export function outboundUrlIssues(url: string | null | undefined, path: readonly (string | number)[]): ValidationIssue[] {
  if (!url) return [];
  const blocked = checkOutboundUrl(currentOutboundPolicy(), url);
  return blocked ? [{ path, message: blocked.message, code: 'outbound_blocked' }] : [];
}

/**
 * The issue at `path` when the process's command policy does not allow `command`, else none.
 *
 * @example
 * const issues = stdioCommandIssues(values.command, ['command']);
 */
export function stdioCommandIssues(command: string | null | undefined, path: readonly (string | number)[]): ValidationIssue[] {
  const verdict = stdioCommandVerdict(currentStdioCommandPolicy(), command);
  return verdict ? [{ path, message: verdict, code: 'command_not_allowed' }] : [];
}
