/**
 * `StdioCommandRefusedError`: a stdio MCP server's command is not on `MCP_STDIO_COMMANDS`, so no
 * process was started.
 *
 * @module
 */
import { brandedError } from '@agent-studio/db/exec';

const { ErrorBase, isBranded } = brandedError('@agent-studio/sdk/stdio-command-refused');

/**
 * The command policy refused to start a stdio MCP server (nothing was spawned).
 *
 * @example
 * throw new StdioCommandRefusedError('stdio MCP servers are disabled: …');
 */
export class StdioCommandRefusedError extends ErrorBase {
  readonly code = 'STDIO_COMMAND_REFUSED' as const;
  constructor(reason: string) {
    super(`not started: ${reason}`);
  }
}

/**
 * Type guard for {@link StdioCommandRefusedError}.
 *
 * @example
 * if (isStdioCommandRefusedError(error)) return { kind: 'blocked', message: error.message };
 */
export function isStdioCommandRefusedError(value: unknown): value is StdioCommandRefusedError {
  return isBranded(value);
}
