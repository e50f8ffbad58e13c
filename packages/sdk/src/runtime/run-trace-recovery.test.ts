/**
 * A run recovered from a dead worker stays in the trace of the request that invoked it: the
 * reaper's `requeueRun` (no span active) enqueues the new job under the old job's traceparent.
 * With a tracer provider registered as `@agent-studio/telemetry` registers one in a process.
 */
import { createRuntimeDatabase } from '@agent-studio/db/engine';
import { withSession } from '@agent-studio/db/exec';
import { createTestEngine, type TestEngine } from '@agent-studio/db/testing';
import { withSpan } from '@agent-studio/db/tracing';
import { context, propagation, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtin, deployWorkflow } from '../../test/runtime-fixtures.js';
import { RunsService } from '../services/runs/runs-service.js';
import { claimRun, requeueRun } from './run-checkpoints.js';

const exporter = new InMemorySpanExporter();
const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
let engine: TestEngine;
let db: ReturnType<typeof createRuntimeDatabase>;

beforeAll(async () => {
  provider.register();
  engine = await createTestEngine();
  db = createRuntimeDatabase(engine);
});
afterAll(async () => {
  await db?.close();
  await engine?.close();
  await provider.shutdown();
  trace.disable();
  context.disable();
  propagation.disable();
});

/** The trace id in the traceparent of a run's current job. */
async function jobTraceId(runId: string): Promise<string | undefined> {
  const { rows } = await withSession(engine, (s) =>
    s.executeSql<{ traceparent: string | null }>('SELECT j.data->>\'traceparent\' AS traceparent FROM runs r JOIN pgboss.job j ON j.id = r.job_id WHERE r.id = $1', [runId]),
  );
  return rows[0]?.traceparent?.split('-')[1];
}

describe('a recovered run keeps its trace', () => {
  it('the reaper re-enqueues a dead worker\'s run under the invoking request\'s trace', async () => {
    const { deploymentId } = await deployWorkflow(engine, { nodes: [{ id: 'a', fn: builtin('echo') }], edges: [] });
    const run = await withSpan('request', {}, () => withSession(engine, async (s) => (await RunsService.invoke(s, deploymentId, { input: { a: 1 } })).run));
    const traceId = exporter.getFinishedSpans().find((s) => s.name === 'request')!.spanContext().traceId;
    expect(await jobTraceId(run.id)).toBe(traceId);

    // a worker claims the run and dies: its lease runs out
    const { rows } = await withSession(engine, (s) => s.executeSql<{ job_id: string }>('SELECT job_id FROM runs WHERE id = $1', [run.id]));
    expect(await claimRun(db, run.id, { workerId: 'dead-worker', leaseMs: 1, jobId: rows[0]!.job_id })).not.toBeNull();
    await new Promise((r) => setTimeout(r, 50));

    // the reaper, outside any span
    expect(trace.getActiveSpan()).toBeUndefined();
    expect(await requeueRun(db, run.id, { fromWorker: null, reason: 'lease_expired', deadlineMs: 60_000 })).toBe(true);
    const { rows: after } = await withSession(engine, (s) => s.executeSql<{ job_id: string }>('SELECT job_id FROM runs WHERE id = $1', [run.id]));
    expect(after[0]!.job_id).not.toBe(rows[0]!.job_id);
    expect(await jobTraceId(run.id)).toBe(traceId);
    const enqueues = exporter.getFinishedSpans().filter((s) => s.name === 'enqueue' && s.attributes['run.id'] === run.id);
    expect(enqueues.map((s) => s.spanContext().traceId)).toEqual([traceId, traceId]);
  });
});
