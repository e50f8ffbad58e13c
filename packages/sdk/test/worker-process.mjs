// A run worker in a process of its own, for the crash, hand-off and multi-worker tests and the
// bench (it runs the BUILT packages: `pnpm build` first). Settings come from the environment:
//   DATABASE_URL / AGENT_STUDIO_DATA_DIR / AGENT_STUDIO_SECRET_KEY  the database (as everywhere)
//   WORKER_CONCURRENCY (4)  WORKER_LEASE_MS (3000)  WORKER_GRACE_MS (10000)  WORKER_ID
//   WORKER_INVOKE=<deploymentId>[:count]   invoke runs first (one line `invoked <runId>` each)
//   WORKER_EXIT_WHEN_IDLE=1                 exit once no run is queued or running
// It prints `ready <workerId>` when it takes jobs, and `stats <json>` when it stops. SIGTERM:
// graceful stop (steps in flight finish within the grace period, the rest is handed back).
import { createEngine, createRuntimeDatabase, loadDbConfig } from '@agent-studio/db/engine';
import { withSession } from '@agent-studio/db/exec';
import { RunsService } from '@agent-studio/sdk';
import { createRunWorker } from '@agent-studio/sdk/runtime';

const env = process.env;
const engine = await createEngine({ config: { ...loadDbConfig(env), poolMax: env.DATABASE_URL ? 6 : 1 } });
const db = createRuntimeDatabase(engine);
if (env.WORKER_INVOKE) {
  const [deploymentId, count = '1'] = env.WORKER_INVOKE.split(':');
  for (let i = 0; i < Number(count); i++) {
    const { run } = await withSession(engine, (s) => RunsService.invoke(s, deploymentId, { input: { i } }));
    process.stdout.write(`invoked ${run.id}\n`);
  }
}
const worker = createRunWorker(db, {
  concurrency: Number(env.WORKER_CONCURRENCY ?? 4),
  leaseMs: Number(env.WORKER_LEASE_MS ?? 3_000),
  heartbeatMs: 200,
  reapIntervalMs: 500,
  graceMs: Number(env.WORKER_GRACE_MS ?? 10_000),
  ...(env.WORKER_ID ? { workerId: env.WORKER_ID } : {}),
});
await worker.start();
process.stdout.write(`ready ${worker.workerId}\n`);

let stopping = false;
async function stop(code) {
  if (stopping) return;
  stopping = true;
  await worker.stop();
  process.stdout.write(`stats ${JSON.stringify(worker.stats())}\n`);
  await db.close();
  await engine.close();
  process.exit(code);
}
process.on('SIGTERM', () => void stop(0));
process.on('SIGINT', () => void stop(0));
if (env.WORKER_EXIT_WHEN_IDLE) {
  const timer = setInterval(async () => {
    const { rows } = await db.executeSql(`SELECT count(*)::int AS n FROM runs WHERE status IN ('queued', 'running')`);
    if (rows[0].n === 0) {
      clearInterval(timer);
      await stop(0);
    }
  }, 200);
}
