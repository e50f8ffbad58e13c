/**
 * A pino logger (the API's `createLogger`) whose JSON lines land in memory, for tests that read
 * what was logged.
 *
 * @module
 */
import { Writable } from 'node:stream';
import { createLogger } from '../src/app/logger.js';

/** What {@link captureLogs} gives: the logger, its lines parsed, and the same lines as written. */
export interface LogCapture<Line> {
  readonly logger: ReturnType<typeof createLogger>;
  readonly lines: Line[];
  readonly raw: string[];
}

/**
 * A logger at `level` writing into `lines` (parsed) and `raw`.
 *
 * @example
 * const { logger, lines } = captureLogs();
 * const app = createApp({ engine, config, logger });
 * // … lines.find((l) => l.msg === 'request completed')
 */
export function captureLogs<Line = Record<string, unknown>>(level: Parameters<typeof createLogger>[0] = 'info'): LogCapture<Line> {
  const lines: Line[] = [];
  const raw: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const text of chunk.toString('utf8').split('\n')) {
        if (!text.trim()) continue;
        raw.push(text);
        lines.push(JSON.parse(text) as Line);
      }
      done();
    },
  });
  return { logger: createLogger(level, sink), lines, raw };
}
