/**
 * The embedded default serves one process, so "another worker" there is the next process on the
 * same data directory: a process SIGKILLed in a slow step, then a new process that recovers the
 * run when its lease expires and finishes it. Runs on every test command (its own PGlite data
 * directory, whatever DATABASE_URL says).
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine, loadDbConfig, migrateUp, type Engine } from '@agent-studio/db/engine';
import { select, withSession } from '@agent-studio/db/exec';
import { Run, RunStep } from '@agent-studio/db/models';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startCountingServer, type CountingServer } from '../../test/counting-server.js';
import { deployWorkflow } from '../../test/runtime-fixtures.js';
import { databaseEnv, startWorkerProcess } from '../../test/worker-processes.js';

let dataDir: string;
let http: CountingServer;
const secretKey = randomBytes(32);

async function openEmbedded(): Promise<Engine> {
  const base = loadDbConfig({});
  return createEngine({ config: { ...base, secretKey, poolMax: 1, target: { kind: 'embedded', dataDir } } });
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'agent-studio-crash-'));
  http = await startCountingServer({ '/slow': 6_000 });
});
afterAll(async () => {
  await http.close();
  await rm(dataDir, { recursive: true, force: true });
});

it('embedded: a process SIGKILLed in a slow step; the next process on the data directory resumes and finishes the run', async () => {
  let engine = await openEmbedded();
  await migrateUp(engine);
  const httpFn = (name: string, path: string) => ({ kind: 'http' as const, name, config: { url: `${http.url}${path}`, method: 'POST' as const } });
  const d = await deployWorkflow(engine, {
    nodes: [
      { id: 'first', fn: httpFn('e_first', '/first') },
      { id: 'slow', fn: httpFn('e_slow', '/slow') },
      { id: 'last', fn: httpFn('e_last', '/last') },
    ],
    edges: [{ from: 'first', to: 'slow' }, { from: 'slow', to: 'last' }],
  });
  const env = databaseEnv(engine);
  await engine.close();

  const a = await startWorkerProcess(env, { WORKER_INVOKE: d.deploymentId, WORKER_LEASE_MS: '2000' });
  const runId = await a.line('invoked');
  await expect.poll(() => http.seen.some((s) => s.path === '/slow'), { timeout: 30_000 }).toBe(true);
  a.child.kill('SIGKILL');
  await a.exited;

  const b = await startWorkerProcess(env, { WORKER_LEASE_MS: '2000', WORKER_EXIT_WHEN_IDLE: '1' });
  expect(await b.exited).toBe(0);

  engine = await openEmbedded();
  try {
    const run = await withSession(engine, (s) => s.get(Run, runId));
    expect(run).toMatchObject({ status: 'succeeded', attempt: 2 });
    const steps = await withSession(engine, (s) => s.exec(select(RunStep).where({ runId }).orderBy('startedAt')).all());
    expect(steps.map((st) => [st.nodeId, st.attempt, st.status])).toEqual([
      ['first', 1, 'succeeded'], ['slow', 1, 'running'], ['slow', 2, 'succeeded'], ['last', 1, 'succeeded'],
    ]);
    expect(http.count('/first')).toBe(1);
    expect(http.count('/last')).toBe(1);
    expect(new Set(http.seen.filter((s) => s.path === '/slow').map((s) => s.key))).toEqual(new Set([`${runId}:slow`]));
  } finally {
    await engine.close();
  }
});
