/**
 * The `/metrics` listener of `studio worker` and `studio monitor`: off unless `METRICS_PORT` is
 * set (or `--metrics-port`); bound to `METRICS_HOST` (default `127.0.0.1`, loopback only). The
 * registry carries the engine's pool and statement figures plus what the command adds (run or
 * monitor metrics).
 *
 * @module
 */
import { registerEngineMetrics, Registry, startMetricsServer, type ObservableEngine } from '@agent-studio/sdk/metrics';
import { CliError, USAGE_EXIT_CODE } from './cli-error.js';

/** Where the listener goes, from the environment and the command line. */
export interface MetricsListenerConfig {
  /** Unset: no listener. 0: any free port. */
  readonly port: number | undefined;
  readonly host: string;
}

/**
 * Reads `METRICS_PORT` / `METRICS_HOST` (a `--metrics-port` given on the command line wins).
 *
 * @throws {CliError} for a port that is not an integer in 0–65535.
 * @example
 * metricsListenerConfig({ METRICS_PORT: '9464' }); // { port: 9464, host: '127.0.0.1' }
 */
export function metricsListenerConfig(env: Record<string, string | undefined>, flag?: number): MetricsListenerConfig {
  const raw = flag ?? (env.METRICS_PORT?.trim() ? env.METRICS_PORT.trim() : undefined);
  const port = raw === undefined ? undefined : Number(raw);
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65_535)) {
    throw new CliError(`METRICS_PORT must be an integer from 0 to 65535 (got ${String(raw)})`, USAGE_EXIT_CODE);
  }
  return { port, host: env.METRICS_HOST?.trim() || '127.0.0.1' };
}

/** A running listener and its registry. */
export interface ProcessMetrics {
  readonly registry: Registry;
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Starts the listener when `config.port` is set: a registry with `engine`'s metrics, `setup`
 * adding the command's own; undefined when off.
 *
 * @example
 * const metrics = await startProcessMetrics(engine, metricsListenerConfig(process.env), (r) => createRunMetrics(r, { db }));
 */
export async function startProcessMetrics<T>(
  engine: ObservableEngine,
  config: MetricsListenerConfig,
  setup: (registry: Registry) => T,
): Promise<(ProcessMetrics & { readonly added: T }) | undefined> {
  if (config.port === undefined) return undefined;
  const registry = new Registry();
  const stop = registerEngineMetrics(registry, engine);
  const added = setup(registry);
  const server = await startMetricsServer(registry, { port: config.port, host: config.host });
  return {
    registry,
    added,
    url: server.url,
    async close() {
      stop();
      await server.close();
    },
  };
}
