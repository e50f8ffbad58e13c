/**
 * Where the CLI writes: results to stdout, progress and errors to stderr; with `--json`, one JSON
 * document on stdout and nothing else there.
 *
 * @module
 */
import { colorsFor } from './colors.js';
import { formatTable } from './format-table.js';

let jsonMode = false;

/**
 * Switches the process to JSON output (the global `--json`): text results are suppressed and
 * {@link emit} prints its value instead.
 *
 * @example
 * setJsonMode(program.opts().json === true);
 */
export function setJsonMode(on: boolean): void {
  jsonMode = on;
}

/**
 * True when `--json` was given.
 *
 * @example
 * if (!jsonMode()) out('done');
 */
export function isJsonMode(): boolean {
  return jsonMode;
}

/**
 * Writes one line of result to stdout (dropped in JSON mode: stdout holds the one JSON document).
 *
 * @example
 * out(`created ${agent.name}`);
 */
export function out(line = ''): void {
  if (!jsonMode) process.stdout.write(`${line}\n`);
}

/**
 * Writes one line of progress or diagnostics to stderr.
 *
 * @example
 * err('checking 3 servers');
 */
export function err(line = ''): void {
  process.stderr.write(`${line}\n`);
}

/**
 * Writes a warning line on stderr (`warning: ...`, yellow on a terminal).
 *
 * @example
 * warn('no .env file found');
 */
export function warn(message: string): void {
  err(`${colorsFor(process.stderr).yellow('warning:')} ${message}`);
}

/**
 * Prints a value as indented JSON on stdout, whatever the mode.
 *
 * @example
 * outJson({ total: 3 });
 */
export function outJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/**
 * A command's result: `value` as the JSON document with `--json`, else `text()` (which writes
 * with {@link out}).
 *
 * @example
 * emit({ applied }, () => applied.forEach((name) => out(`applied  ${name}`)));
 */
export function emit(value: unknown, text: () => void): void {
  if (jsonMode) outJson(value);
  else text();
}

/**
 * Prints a table on stdout: cells longer than `maxCell` are cut with `…` **only on a terminal**;
 * piped or redirected, every cell is printed whole (a script gets the full error message).
 *
 * @example
 * outTable(['name', 'status'], [['docs', 'healthy']]);
 */
export function outTable(header: readonly string[], rows: readonly (readonly string[])[], maxCell = 60): void {
  const bold = colorsFor(process.stdout).bold;
  const text = formatTable(header, rows, process.stdout.isTTY ? maxCell : undefined);
  const [first = '', ...rest] = text.split('\n');
  out([bold(first), ...rest].join('\n'));
}
