/**
 * Where the CLI writes: results to stdout, progress and errors to stderr.
 *
 * @module
 */

/**
 * Writes one line of result to stdout.
 *
 * @example
 * out(`created ${agent.name}`);
 */
export function out(line = ''): void {
  process.stdout.write(`${line}\n`);
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
 * Prints a value as indented JSON on stdout (for `--json`).
 *
 * @example
 * outJson({ total: 3 });
 */
export function outJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
