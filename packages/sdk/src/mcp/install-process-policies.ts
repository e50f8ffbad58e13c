/**
 * Start-up of a process that connects out or runs MCP servers (the API, the CLI, the monitor):
 * read and validate both policies from the environment once, install them, and describe them.
 *
 * @module
 */
import { setOutboundPolicy } from '../outbound/default-outbound-policy.js';
import { loadOutboundPolicy, type OutboundPolicy } from '../outbound/outbound-policy.js';
import { loadStdioCommandPolicy, setStdioCommandPolicy, type StdioCommandPolicy } from './stdio-command-policy.js';

/**
 * The policies a process runs with.
 *
 * @example
 * const { outbound, commands } = installProcessPolicies(process.env);
 */
export interface ProcessPolicies {
  readonly outbound: OutboundPolicy;
  readonly commands: StdioCommandPolicy;
  /** One line each, for start-up output (no secrets: policies hold none). */
  readonly summary: readonly string[];
}

/**
 * Reads `OUTBOUND_ALLOW`, `MCP_STDIO_COMMANDS` and `MCP_STDIO_MAX_PROCESSES`, installs them as the
 * process's policies, and returns them with a summary.
 *
 * @throws {ConfigError} naming the invalid variable (call it before serving anything).
 * @example
 * const policies = installProcessPolicies(process.env);
 * for (const line of policies.summary) console.log(line);
 */
export function installProcessPolicies(env: Readonly<Record<string, string | undefined>> = process.env): ProcessPolicies {
  const outbound = loadOutboundPolicy(env);
  const commands = loadStdioCommandPolicy(env);
  setOutboundPolicy(outbound);
  setStdioCommandPolicy(commands);
  const allowed = outbound.allowCidrs.length + outbound.allowHosts.length;
  return {
    outbound,
    commands,
    summary: [
      `outbound: public addresses${allowed ? ` + ${allowed} OUTBOUND_ALLOW entr${allowed === 1 ? 'y' : 'ies'}` : ' only (OUTBOUND_ALLOW unset)'}`,
      `stdio:    ${commands.commands.length ? `${commands.commands.length} command(s) allowed (MCP_STDIO_COMMANDS), at most ${commands.maxProcesses} at once` : 'disabled (MCP_STDIO_COMMANDS unset)'}`,
    ],
  };
}
