/**
 * The API's pino logger: JSON lines, with credentials and secrets redacted wherever they appear.
 * @module
 */
import { pino, type Logger, type LevelWithSilent } from 'pino';

/** Paths pino replaces with "[redacted]". */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  '*.apiKey',
  '*.key',
  '*.headers.Authorization',
  '*.headers.authorization',
  '*.env',
  '*.password',
  '*.secret',
];

/**
 * Creates the logger.
 *
 * @example
 * const logger = createLogger('info');
 */
export function createLogger(level: LevelWithSilent, destination?: NodeJS.WritableStream): Logger {
  return pino({ level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' }, base: { service: 'agent-studio-api' } }, destination as never);
}
