/**
 * Command execution is opt-in: which commands stdio MCP servers may run (`MCP_STDIO_COMMANDS`,
 * empty by default, exact match of the command string, never through a shell) and how many such
 * processes may run at once (`MCP_STDIO_MAX_PROCESSES`). Read and validated (zod) here only.
 *
 * @module
 */
import { ConfigError } from '@agent-studio/db/exec';
import { z } from 'zod';

/**
 * What stdio MCP servers may run.
 *
 * @example
 * const policy: StdioCommandPolicy = loadStdioCommandPolicy({ MCP_STDIO_COMMANDS: '/usr/local/bin/mcp-files' });
 */
export interface StdioCommandPolicy {
  /** Commands allowed, compared exactly with a server's `command`. Empty: no stdio server runs. */
  readonly commands: readonly string[];
  /** Stdio server processes allowed at once in this process (probes wait for a free slot). */
  readonly maxProcesses: number;
}

/**
 * The zod schema of the command settings in the environment.
 *
 * @example
 * stdioCommandEnvSchema.parse({ MCP_STDIO_COMMANDS: '/usr/bin/node', MCP_STDIO_MAX_PROCESSES: '2' });
 */
export const stdioCommandEnvSchema = z.object({
  MCP_STDIO_COMMANDS: z
    .string()
    .optional()
    .transform((v) => (v ?? '').split(',').map((s) => s.trim()).filter((s) => s.length > 0))
    .pipe(z.array(z.string().max(1_024).regex(/^[^\0\r\n]+$/, 'must not contain NUL or line breaks')).max(1_000))
    .describe('Comma-separated commands stdio MCP servers may run (exact match); empty: none.'),
  MCP_STDIO_MAX_PROCESSES: z.coerce.number().int().min(1).max(1_000).default(4).describe('Stdio MCP processes at once.'),
});

/**
 * Reads and validates the command policy (`MCP_STDIO_COMMANDS`, `MCP_STDIO_MAX_PROCESSES`).
 *
 * @throws {ConfigError} naming the invalid variable.
 * @example
 * const policy = loadStdioCommandPolicy(process.env);
 */
export function loadStdioCommandPolicy(env: Readonly<Record<string, string | undefined>> = process.env): StdioCommandPolicy {
  const parsed = stdioCommandEnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => ({ variable: String(i.path[0] ?? 'MCP_STDIO_COMMANDS'), message: i.message })));
  }
  return Object.freeze({ commands: Object.freeze(parsed.data.MCP_STDIO_COMMANDS), maxProcesses: parsed.data.MCP_STDIO_MAX_PROCESSES });
}

/**
 * Why the policy refuses to run `command`, or `undefined` when it is on the list.
 *
 * @example
 * stdioCommandVerdict(loadStdioCommandPolicy({}), '/usr/bin/touch'); // 'the command is not on MCP_STDIO_COMMANDS …'
 */
export function stdioCommandVerdict(policy: StdioCommandPolicy, command: string | null | undefined): string | undefined {
  if (command && policy.commands.includes(command)) return undefined;
  return policy.commands.length === 0
    ? 'stdio MCP servers are disabled: no command is allowed (set MCP_STDIO_COMMANDS to allow one)'
    : 'the command is not on MCP_STDIO_COMMANDS (exact match required)';
}

let current: StdioCommandPolicy | undefined;

/**
 * The command policy in force: the one installed by {@link setStdioCommandPolicy}, else
 * `loadStdioCommandPolicy(process.env)` (read once).
 *
 * @example
 * const verdict = stdioCommandVerdict(currentStdioCommandPolicy(), input.command);
 */
export function currentStdioCommandPolicy(): StdioCommandPolicy {
  current ??= loadStdioCommandPolicy(process.env);
  return current;
}

/**
 * Installs the process's command policy (the API and CLI call it at start).
 *
 * @example
 * setStdioCommandPolicy(loadStdioCommandPolicy(process.env));
 */
export function setStdioCommandPolicy(policy: StdioCommandPolicy): void {
  current = policy;
}
