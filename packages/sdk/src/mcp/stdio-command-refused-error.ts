/**
 * `StdioCommandRefusedError`: a stdio MCP server's command is not on `MCP_STDIO_COMMANDS`, so no
 * process was started.
 *
 * @module
 */

const STDIO_COMMAND_REFUSED = Symbol.for('@agent-studio/sdk/stdio-command-refused');

/**
 * The command policy refused to start a stdio MCP server (nothing was spawned).
 *
 * @example
 * throw new StdioCommandRefusedError('stdio MCP servers are disabled: …');
 */
export class StdioCommandRefusedError extends Error {
  readonly code = 'STDIO_COMMAND_REFUSED' as const;
  readonly [STDIO_COMMAND_REFUSED] = true;
  constructor(reason: string) {
    super(`not started: ${reason}`);
    this.name = 'StdioCommandRefusedError';
  }
}

/**
 * Type guard for {@link StdioCommandRefusedError}.
 *
 * @example
 * if (isStdioCommandRefusedError(error)) return { kind: 'blocked', message: error.message };
 */
export function isStdioCommandRefusedError(value: unknown): value is StdioCommandRefusedError {
  return value instanceof Error && (value as unknown as Record<symbol, unknown>)[STDIO_COMMAND_REFUSED] === true;
}
