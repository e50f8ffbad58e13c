/**
 * `studio run` and `studio worker` as child processes, on PostgreSQL (DATABASE_URL) or the
 * embedded database: a run followed to its end with the exit code of its outcome, a standalone
 * worker that executes runs and stops cleanly on SIGTERM, and one-line errors for bad input.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { withSession } from '@agent-studio/db/exec';
import { DeploymentsService, FunctionsService, RunsService, WorkflowsService, type RunDto } from '@agent-studio/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCliDatabase, type CliDatabase } from './cli-database.js';
import { finished, lines, runCli, startCli, untilStderr } from './run-cli.js';
import { metricsUrlOf, scrapeUntil } from './cli-metrics.js';

let db: CliDatabase;
let inputFile: string;

/** A deployed workflow `echo → sleep(ms)` (or a failing sleep when ms is negative), by name. */
async function deploy(name: string, sleepMs: number): Promise<string> {
  return db.inspect((engine) =>
    withSession(engine, async (session) => {
      const echo = await FunctionsService.createFunction(session, { kind: 'builtin', name: `${name}_echo`, config: { name: 'echo' } });
      const sleep = await FunctionsService.createFunction(session, { kind: 'builtin', name: `${name}_sleep`, config: { name: 'sleep' } });
      const draft = await WorkflowsService.createWorkflow(session, {
        name,
        definition: {
          startNodeId: 'say',
          nodes: [
            { id: 'say', type: 'function', name: 'say', ref: echo.id },
            { id: 'wait', type: 'function', name: 'wait', ref: sleep.id, config: { input: { ms: sleepMs } } },
          ],
          edges: [{ from: 'say', to: 'wait' }],
        },
      });
      await WorkflowsService.publishWorkflow(session, draft.id, { version: draft.version });
      const created = await DeploymentsService.createDeployment(session, { name, workflowId: draft.id });
      await DeploymentsService.deploy(session, created.id, { version: created.version });
      return created.id;
    }),
  );
}

beforeAll(async () => {
  db = await createCliDatabase({ migrate: true });
  inputFile = join(tmpdir(), `studio-run-input-${process.pid}.json`);
  await writeFile(inputFile, JSON.stringify({ question: 'hi' }));
}, 120_000);
afterAll(() => db?.close());

describe('studio run', () => {
  it('--follow prints one line per event, the output on stdout, and exits 0 when the run succeeded', async () => {
    await deploy('cli-ok', 10);
    const run = await runCli(['run', 'cli-ok', '--input', inputFile, '--follow', '--worker', '1'], db.env);
    expect(run.code, run.stderr).toBe(0);
    const progress = lines(run.stderr).filter((l) => !l.startsWith('database: '));
    expect(progress[0]).toMatch(/^run [0-9a-f-]{36} queued$/);
    expect(progress.some((l) => /run\.queued/.test(l))).toBe(true);
    expect(progress.filter((l) => /step\.succeeded\s+(say|wait)/.test(l))).toHaveLength(2);
    expect(progress.at(-1)).toMatch(/^run [0-9a-f-]{36} succeeded/);
    expect(JSON.parse(run.stdout)).toEqual({ sleptMs: 10 });
  });

  it('--follow --json prints the finished run; a failed run exits 1 with one error line', async () => {
    const id = await deploy('cli-fails', -1); // sleep with a negative ms fails the step
    const run = await runCli(['run', id, '--follow', '--json', '--worker', '1'], db.env);
    expect(run.code).toBe(1);
    const finishedRun = JSON.parse(run.stdout) as RunDto;
    expect(finishedRun).toMatchObject({ id: expect.any(String), deploymentId: id, status: 'failed' });
    expect(lines(run.stderr).at(-1)).toMatch(/^error: run [0-9a-f-]{36} failed/);
  });

  it('without --follow prints the queued run and leaves it to a worker', async () => {
    await deploy('cli-queued', 0);
    const run = await runCli(['run', 'cli-queued', '--json'], db.env);
    expect(run.code, run.stderr).toBe(0);
    const queued = JSON.parse(run.stdout) as RunDto;
    expect(queued).toMatchObject({ status: 'queued', input: {} });
  });

  it('bad input is one error line and exit 1: unknown deployment, missing or non-JSON input file', async () => {
    const unknown = await runCli(['run', 'no-such-deployment'], db.env);
    expect(unknown.code).toBe(1);
    expect(lines(unknown.stderr).filter((l) => !l.startsWith('database: '))).toEqual(['error: no deployment has the id or name "no-such-deployment"']);
    const missingFile = await runCli(['run', 'cli-ok', '--input', '/nonexistent/input.json'], db.env);
    expect(lines(missingFile.stderr).filter((l) => !l.startsWith('database: '))).toEqual([expect.stringMatching(/^error: cannot read --input \/nonexistent\/input\.json: /)]);
    const notJson = join(tmpdir(), `studio-run-bad-${process.pid}.json`);
    await writeFile(notJson, '{ nope');
    const bad = await runCli(['run', 'cli-ok', '--input', notJson], db.env);
    expect(lines(bad.stderr).filter((l) => !l.startsWith('database: '))).toEqual([expect.stringMatching(/^error: --input .* is not JSON: /)]);
    expect((await runCli(['run', 'cli-ok', '--worker', 'x'], db.env)).code).toBe(1);
  });
});

describe('studio worker', () => {
  it('executes queued runs and stops on SIGTERM with exit 0', async () => {
    const id = await deploy('cli-worker', 0);
    const queued = await db.inspect((engine) =>
      withSession(engine, (session) => RunsService.invoke(session, id, { input: { via: 'worker' } })),
    );
    const child = startCli(['worker', '--concurrency', '2'], db.env);
    const done = finished(child);
    await untilStderr(child, 'worker: started');
    if (db.kind === 'server') {
      // the embedded database is the worker's alone while it runs: look only after it stopped
      const deadline = Date.now() + 30_000;
      let status = queued.run.status;
      while (status !== 'succeeded' && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
        status = (await db.inspect((engine) => withSession(engine, (s) => RunsService.getRun(s, queued.run.id)))).status;
      }
      expect(status).toBe('succeeded');
    } else {
      await new Promise((r) => setTimeout(r, 3_000));
    }
    child.kill('SIGTERM');
    const run = await done;
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('worker: SIGTERM received, stopping');
    expect(run.stderr).toContain('worker: stopped');
    const after = await db.inspect((engine) => withSession(engine, (s) => RunsService.getRun(s, queued.run.id)));
    expect(after.status).toBe('succeeded');
  });

  it('--metrics-port serves /metrics on loopback: the runs it executed, parsed as Prometheus text', async () => {
    const id = await deploy('cli-metrics', 0);
    const queued = await db.inspect((engine) => withSession(engine, (session) => RunsService.invoke(session, id, { input: {} })));
    const child = startCli(['worker', '--metrics-port', '0'], db.env);
    const done = finished(child);
    const url = await metricsUrlOf(child);
    const scrape = await scrapeUntil(url, (s) => s.value('agent_studio_runs_finished_total', { status: 'succeeded' }) >= 1, 30_000);
    expect(scrape.value('agent_studio_runs_started_total', { resumed: 'false' })).toBe(1);
    expect(scrape.value('agent_studio_runs_finished_total', { status: 'succeeded' })).toBe(1);
    expect(scrape.count('agent_studio_step_duration_seconds', { kind: 'function', outcome: 'succeeded' })).toBe(2);
    expect(scrape.count('agent_studio_run_pickup_latency_seconds')).toBe(1);
    expect(scrape.value('agent_studio_db_pool_max')).toBeGreaterThan(0);
    expect(scrape.labelValues()).not.toContain(queued.run.id);
    expect((await fetch(url.replace('/metrics', '/other'))).status).toBe(404);
    child.kill('SIGTERM');
    const run = await done;
    expect(run.code, run.stderr).toBe(0);
  });
});
