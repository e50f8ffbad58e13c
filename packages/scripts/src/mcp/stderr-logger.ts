/**
 * A small `MonitorLogger` writing one line per entry to stderr.
 *
 * @module
 */
import { traceLogFields } from '@agent-studio/db/tracing';
import type { MonitorLogger } from '@agent-studio/legacy/monitor';
import { oneLine } from '../lib/one-line.js';

const LEVELS = ['debug', 'info', 'warn', 'error'] as const;

/** A log level, from the most verbose. */
export type LogLevel = (typeof LEVELS)[number];

function describe(obj: object): string {
  const parts = Object.entries(obj).map(([key, value]) => {
    if (value instanceof Error) return `${key}=${JSON.stringify(oneLine(value.message))}`;
    return `${key}=${typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value) ?? String(value)}`;
  });
  return parts.length ? ` ${parts.join(' ')}` : '';
}

/**
 * A logger printing `<ISO time> <level> <message> key=value ...` lines at `minLevel` and above to
 * `stream`. Errors are printed by message only (no stack; the monitor never logs secrets). Inside
 * a span (tracing on) a line ends with `trace_id=… span_id=…` (`traceLogFields`).
 *
 * @example
 * createHealthMonitor(engine, { logger: createStderrLogger('warn') });
 */
export function createStderrLogger(minLevel: LogLevel, stream: NodeJS.WritableStream = process.stderr): MonitorLogger {
  const min = LEVELS.indexOf(minLevel);
  const at =
    (level: LogLevel) =>
    (obj: object, msg = ''): void => {
      if (LEVELS.indexOf(level) < min) return;
      stream.write(`${new Date().toISOString()} ${level} ${msg}${describe({ ...obj, ...traceLogFields() })}\n`);
    };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
