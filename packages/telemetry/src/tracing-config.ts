/**
 * Whether a process traces, read from the standard OpenTelemetry variables.
 *
 * @module
 */

/** What {@link tracingConfig} decides. */
export type TracingConfig =
  | { readonly enabled: false; readonly reason: 'disabled' | 'no-endpoint' }
  | { readonly enabled: true; readonly serviceName: string; readonly endpoint: string };

/**
 * Tracing is on only when `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` or `OTEL_EXPORTER_OTLP_ENDPOINT`
 * is set, and `OTEL_SDK_DISABLED=true` wins over both. The service name is `OTEL_SERVICE_NAME`,
 * else `defaultServiceName`.
 *
 * @example
 * tracingConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }, 'agent-studio-api');
 * // { enabled: true, serviceName: 'agent-studio-api', endpoint: 'http://collector:4318' }
 * tracingConfig({}, 'agent-studio-api'); // { enabled: false, reason: 'no-endpoint' }
 */
export function tracingConfig(env: Readonly<Record<string, string | undefined>>, defaultServiceName: string): TracingConfig {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return { enabled: false, reason: 'disabled' };
  const endpoint = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim() || env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
  if (!endpoint) return { enabled: false, reason: 'no-endpoint' };
  return { enabled: true, serviceName: env.OTEL_SERVICE_NAME?.trim() || defaultServiceName, endpoint };
}
