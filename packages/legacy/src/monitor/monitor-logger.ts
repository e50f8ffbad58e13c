/**
 * The logger the monitor writes to: a subset of pino's interface, so a pino logger (or a child
 * of one) fits as is, and no logging library is a dependency.
 *
 * @module
 */

/**
 * A structured logger: `logger.info({ serverId }, 'message')`.
 *
 * @example
 * import pino from 'pino';
 * createHealthMonitor(engine, { logger: pino().child({ component: 'mcp-monitor' }) });
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
