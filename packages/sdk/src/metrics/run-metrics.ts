/**
 * Run engine metrics: a {@link RunObserver} that counts into prom-client, and the queue depth
 * read at scrape.
 *
 * @module
 */
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { RunObserver } from '../runtime/run-observer.js';
import type { RuntimeDatabase } from '../runtime/runtime-database.js';

const RUN_BUCKETS = [0.01, 0.05, 0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600];
const STEP_BUCKETS = [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 2.5, 5, 10, 30, 120, 600];

/** What {@link createRunMetrics} reads at scrape. */
export interface RunMetricsOptions {
  /** When given, `agent_studio_run_queue_depth` counts the queued runs at each scrape (one `count(*)`). */
  readonly db?: Pick<RuntimeDatabase, 'executeSql'>;
}

/**
 * Registers `agent_studio_run*`, `agent_studio_step*` and `agent_studio_model*` on `registry` and
 * returns the observer to hand to `createRunWorker({ observer })`. Labels are closed sets
 * (status, kind, outcome, reason) and the model provider's name — never a run id.
 *
 * @example
 * const observer = createRunMetrics(registry, { db });
 * const worker = createRunWorker(db, { concurrency: 4, observer });
 */
export function createRunMetrics(registry: Registry, options: RunMetricsOptions = {}): RunObserver {
  const registers = [registry];
  const started = new Counter({ name: 'agent_studio_runs_started_total', help: 'Runs a worker claimed (resumed="true": a later attempt).', labelNames: ['resumed'] as const, registers });
  const finished = new Counter({ name: 'agent_studio_runs_finished_total', help: 'Runs a worker ended, by status.', labelNames: ['status'] as const, registers });
  const cancelled = new Counter({ name: 'agent_studio_runs_cancelled_total', help: 'Running runs a worker stopped on a cancel request.', registers });
  const requeued = new Counter({ name: 'agent_studio_runs_requeued_total', help: 'Runs handed back to the queue (handoff: worker stopping; recovered: lost worker).', labelNames: ['reason'] as const, registers });
  const runDuration = new Histogram({ name: 'agent_studio_run_duration_seconds', help: 'From claim to end of a run, by status.', labelNames: ['status'] as const, buckets: RUN_BUCKETS, registers });
  const pickUp = new Histogram({ name: 'agent_studio_run_pickup_latency_seconds', help: 'From a run being queued to a worker claiming it (first attempt).', buckets: STEP_BUCKETS, registers });
  const stepDuration = new Histogram({ name: 'agent_studio_step_duration_seconds', help: 'One step attempt, by kind and outcome.', labelNames: ['kind', 'outcome'] as const, buckets: STEP_BUCKETS, registers });
  const retries = new Counter({ name: 'agent_studio_step_retries_total', help: 'Step attempts that failed and were retried, by kind.', labelNames: ['kind'] as const, registers });
  const modelCalls = new Counter({ name: 'agent_studio_model_calls_total', help: 'Successful model calls of agent nodes, by provider.', labelNames: ['provider'] as const, registers });
  const tokens = new Counter({ name: 'agent_studio_model_tokens_total', help: 'Tokens the provider reported, by provider and direction (input/output).', labelNames: ['provider', 'direction'] as const, registers });
  const { db } = options;
  if (db) {
    new Gauge({
      name: 'agent_studio_run_queue_depth',
      help: 'Runs queued and not yet claimed.',
      registers,
      async collect() {
        const { rows } = await db.executeSql<{ n: number }>("SELECT count(*)::int AS n FROM runs WHERE status = 'queued'");
        this.set(rows[0]?.n ?? 0);
      },
    });
  }
  return {
    onRunStarted: ({ resumed, pickUpLatencyMs }) => {
      started.inc({ resumed: String(resumed) });
      if (pickUpLatencyMs !== null) pickUp.observe(pickUpLatencyMs / 1000);
    },
    onRunFinished: ({ status, durationMs }) => {
      finished.inc({ status });
      if (status === 'cancelled') cancelled.inc();
      runDuration.observe({ status }, durationMs / 1000);
    },
    onRunRequeued: ({ reason }) => requeued.inc({ reason }),
    onStepFinished: ({ kind, outcome, durationMs }) => {
      stepDuration.observe({ kind, outcome }, durationMs / 1000);
      if (outcome === 'retrying') retries.inc({ kind });
    },
    onModelCall: ({ provider, inputTokens, outputTokens }) => {
      modelCalls.inc({ provider });
      if (inputTokens) tokens.inc({ provider, direction: 'input' }, inputTokens);
      if (outputTokens) tokens.inc({ provider, direction: 'output' }, outputTokens);
    },
  };
}
