/**
 * The API's pino logger: JSON lines, with credentials and secrets redacted wherever they appear,
 * and — inside a span, while tracing is on — the `trace_id` / `span_id` of the active span
 * (`traceLogFields`, the one helper every Agent Studio logger uses). Child loggers (the run
 * worker's, the access log's) inherit both.
 * @module
 */
import { traceLogFields } from '@agent-studio/db/tracing';
import { pino, type Logger, type LevelWithSilent } from 'pino';

/** Field names whose values are never logged, at the top level of a log line or one level down. */
const SECRET_FIELDS = ['apiKey', 'key', 'password', 'secret', 'token', 'env'];

/** Paths pino replaces with "[redacted]". */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.Authorization',
  '*.headers.Authorization',
  '*.headers.authorization',
  ...SECRET_FIELDS.flatMap((field) => [field, `*.${field}`]),
];

/**
 * Creates the logger.
 *
 * @example
 * const logger = createLogger('info');
 */
export function createLogger(level: LevelWithSilent, destination?: NodeJS.WritableStream): Logger {
  return pino({ level, mixin: traceLogFields, redact: { paths: REDACTED_PATHS, censor: '[redacted]' }, base: { service: 'agent-studio-api' } }, destination as never);
}
