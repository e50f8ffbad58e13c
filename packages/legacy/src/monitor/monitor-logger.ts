/**
 * The logger the monitor writes to: a subset of pino's interface, so a pino logger (or a child
 * of one) fits as is, and no logging library is a dependency. The logger, not the monitor, adds
 * the trace to each line: give pino `mixin: traceLogFields` (`@agent-studio/db/tracing`, the one
 * helper every Agent Studio logger uses; `studio monitor`'s stderr logger does the same).
 *
 * @module
 */

/**
 * A structured logger: `logger.info({ serverId }, 'message')`.
 *
 * @example
 * import pino from 'pino';
 * import { traceLogFields } from '@agent-studio/db/tracing';
 * createHealthMonitor(engine, { logger: pino({ mixin: traceLogFields }).child({ component: 'mcp-monitor' }) });
 */
export interface MonitorLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/**
 * The default logger: drops everything.
 *
 * @example
 * const logger = options.logger ?? silentLogger;
 */
export const silentLogger: MonitorLogger = Object.freeze({
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
});
