/**
 * Turns anything a command throws into the one line the CLI prints.
 *
 * @module
 */
import { isConfigError, isDatabaseUnavailableError, isPoolTimeoutError } from '@agent-studio/db/engine';

import { oneLine } from './one-line.js';

/** `<label>: <message>`, unless the message already starts with the label. */
function prefixed(label: string, message: string): string {
  const line = oneLine(message);
  return line.toLowerCase().startsWith(label.toLowerCase()) ? line : `${label}: ${line}`;
}

/**
 * The one-line message (without the `error: ` prefix) for an error thrown by a command. An
 * unreachable database reads `The database is unavailable: <why>`; every other error its own
 * message. No stack trace (set `STUDIO_DEBUG=1` for one).
 *
 * @example
 * formatError(new DatabaseUnavailableError('Could not connect to postgres://127.0.0.1:1/x: connect ECONNREFUSED'));
 * // 'The database is unavailable: Could not connect to postgres://127.0.0.1:1/x: connect ECONNREFUSED'
 */
export function formatError(error: unknown): string {
  if (isDatabaseUnavailableError(error) || isPoolTimeoutError(error)) return prefixed('The database is unavailable', error.message);
  if (isConfigError(error)) return prefixed('Invalid configuration', error.message);
  if (error instanceof Error) return oneLine(error.message || error.name);
  return oneLine(String(error));
}
