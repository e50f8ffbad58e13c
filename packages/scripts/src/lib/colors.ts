/**
 * Colour for one output stream, with `picocolors`: on only when that stream is a terminal.
 *
 * @module
 */
import pc from 'picocolors';

/** The colour functions the CLI uses (each returns its input unchanged when colour is off). */
export type Colors = ReturnType<typeof pc.createColors>;

/**
 * Whether to colour `stream`: never with `NO_COLOR` set (https://no-color.org) or `TERM=dumb`;
 * always with `FORCE_COLOR` set to anything but `0`; otherwise only on a TTY — so piped and
 * redirected output (and CI logs) stay plain text.
 *
 * @example
 * colorEnabled(process.stdout); // false in `studio doctor | cat`
 */
export function colorEnabled(stream: { readonly isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  if (env.TERM === 'dumb') return false;
  return stream.isTTY === true;
}

/**
 * The colour functions for `stream` ({@link colorEnabled} decides whether they colour).
 *
 * @example
 * const c = colorsFor(process.stderr);
 * process.stderr.write(`${c.red('error:')} database is not migrated\n`);
 */
export function colorsFor(stream: { readonly isTTY?: boolean }): Colors {
  return pc.createColors(colorEnabled(stream));
}
