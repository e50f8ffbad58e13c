/**
 * The stderr logger of `studio worker` / `studio monitor`: `key=value` lines, and inside a span
 * (tracing on) the span's `trace_id` / `span_id`.
 */
import { PassThrough } from 'node:stream';
import { withSpan } from '@agent-studio/db/tracing';
import { startTracing } from '@agent-studio/telemetry';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { createStderrLogger } from './stderr-logger.js';

function captured(): { stream: PassThrough; lines: () => string[] } {
  const stream = new PassThrough();
  const chunks: string[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c.toString('utf8')));
  return { stream, lines: () => chunks.join('').split('\n').filter(Boolean) };
}

describe('createStderrLogger', () => {
  it('writes level, message and fields; no trace fields while tracing is off', () => {
    const out = captured();
    createStderrLogger('info', out.stream).info({ runId: 'r1' }, 'run started');
    expect(out.lines()).toEqual([expect.stringMatching(/^\S+Z info run started runId="r1"$/)]);
  });

  it('inside a span, a line carries its trace_id and span_id (the same helper as the API logger)', async () => {
    const tracing = startTracing({ serviceName: 'agent-studio-worker', env: { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' }, exporter: new InMemorySpanExporter() });
    try {
      const out = captured();
      const logger = createStderrLogger('info', out.stream);
      const ids = await withSpan('run', {}, (span) => {
        logger.warn({ runId: 'r2' }, 'inside');
        return Promise.resolve(span!.spanContext());
      });
      logger.warn({ runId: 'r3' }, 'outside');
      const [inside, outside] = out.lines();
      expect(inside).toMatch(new RegExp(` warn inside runId="r2" trace_id="${ids.traceId}" span_id="${ids.spanId}"$`));
      expect(outside).not.toContain('trace_id');
    } finally {
      await tracing.shutdown();
    }
  });
});
