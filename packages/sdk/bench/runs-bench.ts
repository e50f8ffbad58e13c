/**
 * The run engine's benchmark, on the PostgreSQL server (when `DATABASE_URL` is set) and on the
 * embedded default, in one run, printed as one table:
 *
 * - **pick-up latency**: invoke committed → first step started (an idle worker in the same
 *   process, woken by NOTIFY on the server, polling every 250 ms on the embedded database);
 * - **engine overhead per step**: a 20-node chain of `noop` builtins run by the engine, against
 *   the same 20 builtins called directly in-process in the same run; (engine − direct) / 20;
 * - **throughput**: runs/s of a 3-step workflow — two worker processes with concurrency 10 each on
 *   the server; one in-process worker (concurrency 4) on the embedded database, which serves one
 *   process.
 *
 * Nothing is asserted; the targets (pick-up p50 ≤ 50 ms on the server, overhead p50 ≤ 2 ms per
 * step) are printed next to the figures. Settings: `BENCH_RUNS_PICKUP` (100), `BENCH_RUNS_CHAIN`
 * (30), `BENCH_RUNS_THROUGHPUT` (300).
 *
 * @example
 * // pnpm build && DATABASE_URL=postgres://postgres@127.0.0.1:5432/test pnpm --filter @agent-studio/sdk bench
 *
 * @module
 */
import { createRuntimeDatabase, type EngineRuntimeDatabase } from '@agent-studio/db/engine';
import { select, withSession } from '@agent-studio/db/exec';
import { Run, RunStep, StudioFunction } from '@agent-studio/db/models';
import { createTestEngine, type TestEngine } from '@agent-studio/db/testing';
import { RunsService } from '../src/services/runs/runs-service.js';
import { createRunWorker } from '../src/runtime/run-worker.js';
import { executeFunction } from '../src/runtime/executors/function-call.js';
import { waitForRun } from '../src/runtime/watch-run.js';
import { builtin, deployWorkflow, type FixtureNode } from '../test/runtime-fixtures.js';
import { databaseEnv, startWorkerProcess } from '../test/worker-processes.js';

const N_PICKUP = Number(process.env.BENCH_RUNS_PICKUP ?? 100);
const N_CHAIN = Number(process.env.BENCH_RUNS_CHAIN ?? 30);
const N_THROUGHPUT = Number(process.env.BENCH_RUNS_THROUGHPUT ?? 300);

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

interface Row {
  readonly database: string;
  readonly metric: string;
  readonly p50: string;
  readonly p99: string;
  readonly note: string;
}

async function invoke(engine: TestEngine, deploymentId: string, i: number): Promise<string> {
  return withSession(engine, async (s) => (await RunsService.invoke(s, deploymentId, { input: { i } })).run.id);
}

async function pickup(engine: TestEngine, db: EngineRuntimeDatabase, runs: number): Promise<number[]> {
  const d = await deployWorkflow(engine, { nodes: [{ id: 'noop', fn: builtin('noop') }], edges: [] });
  const latencies: number[] = [];
  for (let i = 0; i < runs; i++) {
    const runId = await invoke(engine, d.deploymentId, i);
    const committedAt = Date.now();
    await waitForRun(db, runId, { timeoutMs: 30_000 });
    const step = await withSession(engine, (s) => s.exec(select(RunStep).where({ runId })).first());
    latencies.push(step!.startedAt.getTime() - committedAt);
    await new Promise((r) => setTimeout(r, 20)); // let the worker go idle again
  }
  return latencies.slice(Math.min(5, Math.floor(runs / 10))); // the first few warm up the JIT
}

async function overhead(engine: TestEngine, db: EngineRuntimeDatabase, runs: number): Promise<{ engine: number[]; direct: number[] }> {
  const nodes: FixtureNode[] = Array.from({ length: 20 }, (_, i) => ({ id: `n${i}`, fn: builtin('noop') }));
  const edges = nodes.slice(1).map((n, i) => ({ from: nodes[i]!.id, to: n.id }));
  const d = await deployWorkflow(engine, { nodes, edges });
  const fns = await withSession(engine, (s) => s.exec(select(StudioFunction).where({ id: { in: Object.values(d.functionIds) } })).all());
  const perStepEngine: number[] = [];
  const perStepDirect: number[] = [];
  for (let i = 0; i < runs; i++) {
    const runId = await invoke(engine, d.deploymentId, i);
    await waitForRun(db, runId, { timeoutMs: 60_000 });
    const steps = await withSession(engine, (s) => s.exec(select(RunStep).where({ runId }).orderBy('startedAt')).all());
    const run = await withSession(engine, (s) => s.get(Run, runId));
    if (run?.status !== 'succeeded' || steps.length !== 20) throw new Error(`chain run ${runId} did not succeed: ${run?.status}`);
    const engineMs = steps[19]!.finishedAt!.getTime() - steps[0]!.startedAt.getTime();
    const controller = new AbortController();
    const t0 = performance.now();
    for (const fn of fns) await executeFunction({ fn, args: {}, signal: controller.signal, timeoutMs: 30_000, idempotencyKey: `${runId}:direct` });
    const directMs = performance.now() - t0;
    perStepEngine.push(engineMs / 20);
    perStepDirect.push(directMs / 20);
  }
  return { engine: perStepEngine.slice(1), direct: perStepDirect.slice(1) };
}

async function throughput(engine: TestEngine, db: EngineRuntimeDatabase, runs: number, processes: boolean): Promise<number> {
  const nodes: FixtureNode[] = [{ id: 'a', fn: builtin('echo') }, { id: 'b', fn: builtin('noop') }, { id: 'c', fn: builtin('echo') }];
  const d = await deployWorkflow(engine, { nodes, edges: [{ from: 'a', to: 'b' }, { from: 'b', to: 'c' }] });
  const stopWorkers: (() => Promise<unknown>)[] = [];
  if (processes) {
    for (let i = 0; i < 2; i++) {
      const w = await startWorkerProcess(databaseEnv(engine), { WORKER_CONCURRENCY: '10', WORKER_LEASE_MS: '10000' });
      stopWorkers.push(() => {
        w.child.kill('SIGTERM');
        return w.exited;
      });
    }
  } else {
    const w = createRunWorker(db, { concurrency: 4 });
    await w.start();
    stopWorkers.push(() => w.stop());
  }
  const t0 = Date.now();
  for (let i = 0; i < runs; i += 20) {
    await Promise.all(Array.from({ length: Math.min(20, runs - i) }, (_, k) => invoke(engine, d.deploymentId, i + k)));
  }
  for (;;) {
    const { rows } = await db.executeSql<{ n: number }>(`SELECT count(*)::int AS n FROM runs WHERE deployment_id = $1 AND status IN ('queued', 'running')`, [d.deploymentId]);
    if (rows[0]!.n === 0) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const seconds = (Date.now() - t0) / 1000;
  for (const stop of stopWorkers) await stop();
  return runs / seconds;
}

async function benchOn(kind: 'server' | 'embedded'): Promise<Row[]> {
  const saved = process.env.DATABASE_URL;
  if (kind === 'embedded') delete process.env.DATABASE_URL;
  const engine = await createTestEngine(kind === 'server' ? { poolMax: 10 } : {});
  if (saved !== undefined) process.env.DATABASE_URL = saved;
  const db = createRuntimeDatabase(engine);
  const rows: Row[] = [];
  try {
    const worker = createRunWorker(db, { concurrency: 4 });
    await worker.start();
    const pickupRuns = kind === 'server' ? N_PICKUP : Math.ceil(N_PICKUP / 3);
    log(`${kind}: pick-up latency, ${pickupRuns} runs`);
    const lat = await pickup(engine, db, pickupRuns);
    rows.push({ database: kind, metric: 'pick-up latency (ms)', p50: quantile(lat, 0.5).toFixed(1), p99: quantile(lat, 0.99).toFixed(1), note: kind === 'server' ? 'target p50 ≤ 50 ms (NOTIFY wake-up)' : 'polling every 250 ms' });
    const chainRuns = kind === 'server' ? N_CHAIN : Math.ceil(N_CHAIN / 3);
    log(`${kind}: engine overhead, ${chainRuns} runs of a 20-step chain`);
    const o = await overhead(engine, db, chainRuns);
    const over = o.engine.map((e, i) => e - o.direct[i]!);
    rows.push({ database: kind, metric: 'engine per step (ms)', p50: quantile(o.engine, 0.5).toFixed(2), p99: quantile(o.engine, 0.99).toFixed(2), note: 'noop builtin, checkpointed' });
    rows.push({ database: kind, metric: 'direct call per step (ms)', p50: quantile(o.direct, 0.5).toFixed(3), p99: quantile(o.direct, 0.99).toFixed(3), note: 'same builtin, in-process baseline' });
    rows.push({ database: kind, metric: 'overhead per step (ms)', p50: quantile(over, 0.5).toFixed(2), p99: quantile(over, 0.99).toFixed(2), note: `target p50 ≤ 2 ms; ratio engine/direct ${(quantile(o.engine, 0.5) / quantile(o.direct, 0.5)).toFixed(0)}×` });
    await worker.stop();
    const n = kind === 'server' ? N_THROUGHPUT : Math.ceil(N_THROUGHPUT / 3);
    log(`${kind}: throughput, ${n} runs of a 3-step workflow`);
    const rps = await throughput(engine, db, n, kind === 'server');
    rows.push({ database: kind, metric: 'throughput (runs/s)', p50: rps.toFixed(1), p99: '', note: kind === 'server' ? '2 worker processes × concurrency 10' : '1 in-process worker × concurrency 4' });
  } finally {
    await db.close();
    await engine.close();
  }
  return rows;
}

function table(rows: readonly Row[]): string {
  const head: Row = { database: 'database', metric: 'metric', p50: 'p50', p99: 'p99', note: 'note' };
  const all = [head, ...rows];
  const width = (k: keyof Row) => Math.max(...all.map((r) => r[k].length));
  const line = (r: Row) => `| ${(['database', 'metric', 'p50', 'p99', 'note'] as const).map((k) => r[k].padEnd(width(k))).join(' | ')} |`;
  return [line(head), `|${(['database', 'metric', 'p50', 'p99', 'note'] as const).map((k) => '-'.repeat(width(k) + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

const rows: Row[] = [];
if (process.env.DATABASE_URL) rows.push(...(await benchOn('server')));
rows.push(...(await benchOn('embedded')));
process.stdout.write(`\nRun engine bench\n${table(rows)}\n`);
