/**
 * The monitor bench: one sweep over N real MCP servers (default 500) at concurrency C (default
 * 50), against the ideal N / C × the median time of ONE check measured in the same run. Target:
 * sweep ≤ 1.3 × ideal. Prints, never asserts.
 *
 * - The servers are real streamable-HTTP MCP servers hosted by a helper child process
 *   (`bench-mcp-host.js`: one `node:http` server, `/mcp/<n>` → its own `McpServer`), each answer
 *   delayed by `BENCH_LATENCY_MS` (default 100) to stand in for a remote server.
 * - A "check" is what the monitor does per server: the probe, then the write of its result
 *   (`recordHealthCheck` in a short legacy session). The single-check time is the median of
 *   `BENCH_SAMPLES` (default 30) checks run one at a time.
 * - Each of `BENCH_ROUNDS` (default 3) rounds makes every server due again, times
 *   `monitor.sweepOnce()` (lock, prune, claim, read, probe + write all N), and checks that all N
 *   were recorded healthy. The ratio printed is per round and the median.
 *
 * Runs on an isolated, migrated database (`createTestEngine`): the server in `DATABASE_URL`, else
 * embedded PGlite (pool 1: every write queues for the one connection).
 *
 * @example
 * // pnpm build && DATABASE_URL=postgres://postgres@127.0.0.1:5432/test pnpm bench
 *
 * @module
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { SessionLocal } from '@agent-studio/db/legacy';
import { McpHealthCheck, McpServer } from '@agent-studio/db/models';
import { createTestEngine } from '@agent-studio/db/testing';
import { recordHealthCheck } from '../src/crud/record-health-check.js';
import { createHealthMonitor } from '../src/monitor/create-health-monitor.js';
import { probeWithinDeadline } from '../src/monitor/probe-within-deadline.js';

const TARGET_RATIO = 1.3;

function setting(name: string, fallback: number): number {
  const raw = process.env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a non-negative number, got ${raw}`);
  return value;
}

const servers = setting('BENCH_SERVERS', 500);
const concurrency = setting('BENCH_CONCURRENCY', 50);
const latencyMs = setting('BENCH_LATENCY_MS', 100);
const samples = setting('BENCH_SAMPLES', 30);
const rounds = setting('BENCH_ROUNDS', 3);
const deadlineMs = setting('BENCH_DEADLINE_MS', 10_000);

const progress = (message: string): void => void process.stderr.write(`${message}\n`);
const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** CPU time (ms, user + system) a child process has used so far, from /proc (Linux; 0 elsewhere). */
function childCpuMs(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1_000) / 100; // utime + stime, in USER_HZ (100)
  } catch {
    return 0;
  }
}

const ownCpuMs = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1_000;
};

async function startHost(): Promise<{ port: number; cpuMs: () => number; stop: () => Promise<void> }> {
  const script = fileURLToPath(new URL('./bench-mcp-host.js', import.meta.url));
  const child = spawn(process.execPath, [script, String(servers), String(latencyMs)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    let buffered = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buffered += chunk;
      const match = /READY (\d+)/.exec(buffered);
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`MCP host exited early (code ${code})`)));
  });
  return {
    port,
    cpuMs: () => childCpuMs(child.pid),
    stop: async () => {
      if (child.exitCode !== null) return;
      child.stdin.end();
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}

async function main(): Promise<void> {
  const engine = await createTestEngine();
  const host = await startHost();
  try {
    progress(
      `monitor bench: ${servers} MCP servers (one host process, ${latencyMs} ms per answer), concurrency ${concurrency}, ` +
        `${engine.description}, pool ${engine.config.poolMax}`,
    );
    const ids: string[] = [];
    {
      await using db = SessionLocal(engine);
      for (let n = 0; n < servers; n++) {
        ids.push(db.add(McpServer, { name: `bench-${n}`, transport: 'streamable_http', url: `http://127.0.0.1:${host.port}/mcp/${n}` }).id);
      }
      await db.commit();
      ids.splice(0, ids.length, ...(await db.query(McpServer).orderBy('name').all()).map((s) => s.id));
    }
    const makeAllDue = async (): Promise<void> => {
      await using db = SessionLocal(engine);
      await db.query(McpHealthCheck).delete();
      await db.query(McpServer).update({ nextCheckAt: new Date(Date.now() - 1_000), status: 'unknown', consecutiveFailures: 0 });
      await db.commit();
    };

    // single checks, one at a time: probe + write, exactly as the monitor does per server
    const never = new AbortController().signal;
    const single: number[] = [];
    const probeCpu: number[] = [];
    const writeCpu: number[] = [];
    for (let i = 0; i < samples + 3; i++) {
      const n = (i * 7919) % servers;
      const started = performance.now();
      const cpu0 = ownCpuMs();
      const result = await probeWithinDeadline({ transport: 'streamable_http', url: `http://127.0.0.1:${host.port}/mcp/${n}` }, deadlineMs, never);
      const cpu1 = ownCpuMs();
      {
        await using db = SessionLocal(engine);
        await recordHealthCheck(db, ids[n]!, result);
      }
      if (!result.ok) throw new Error(`single check failed: ${result.error.kind}: ${result.error.message}`);
      if (i >= 3) {
        single.push(performance.now() - started); // the first three warm up
        probeCpu.push(cpu1 - cpu0);
        writeCpu.push(ownCpuMs() - cpu1);
      }
    }
    progress(`single check CPU in this process: probe ${median(probeCpu).toFixed(2)} ms, write ${median(writeCpu).toFixed(2)} ms (medians)`);
    const singleMs = median(single);
    const idealMs = (servers / concurrency) * singleMs;
    progress(`single check: median ${singleMs.toFixed(1)} ms over ${single.length} → ideal sweep ${idealMs.toFixed(0)} ms`);

    const monitor = createHealthMonitor(engine, { concurrency, deadlineMs, batchSize: servers });
    const sweeps: number[] = [];
    const cpu = { monitor: 0, host: 0 };
    for (let round = -1; round < rounds; round++) {
      await makeAllDue();
      const [ownBefore, hostBefore] = [ownCpuMs(), host.cpuMs()];
      const started = performance.now();
      const report = await monitor.sweepOnce();
      const sweepMs = performance.now() - started;
      if (round < 0) {
        progress(`warm-up sweep: ${sweepMs.toFixed(0)} ms (not counted)`);
        continue;
      }
      cpu.monitor += (ownCpuMs() - ownBefore) / servers / rounds;
      cpu.host += (host.cpuMs() - hostBefore) / servers / rounds;
      if (report.recorded !== servers || report.statuses.healthy !== servers) {
        throw new Error(`round ${round + 1}: expected ${servers} healthy checks, got ${JSON.stringify(report)}`);
      }
      sweeps.push(sweepMs);
      progress(`round ${round + 1}: sweep ${sweepMs.toFixed(0)} ms = ${(sweepMs / idealMs).toFixed(2)}× ideal`);
    }
    await monitor.stop();

    const sweepMs = median(sweeps);
    const ratio = sweepMs / idealMs;
    console.log('');
    console.log(`| servers | concurrency | latency/answer | single check (median) | ideal sweep | sweep (median of ${rounds}) | ratio | target |`);
    console.log('|---|---|---|---|---|---|---|---|');
    console.log(
      `| ${servers} | ${concurrency} | ${latencyMs} ms | ${singleMs.toFixed(1)} ms | ${idealMs.toFixed(0)} ms | ${sweepMs.toFixed(0)} ms | ` +
        `**${ratio.toFixed(2)}×** | ≤ ${TARGET_RATIO}× ${ratio <= TARGET_RATIO ? '(met)' : '(NOT met)'} |`,
    );
    console.log(
      `CPU per check during the sweeps: monitor process ${cpu.monitor.toFixed(2)} ms, MCP host process ${cpu.host.toFixed(2)} ms ` +
        `(${concurrency} checks in flight need ${(((cpu.monitor + cpu.host) * concurrency) / singleMs).toFixed(2)} CPUs to keep up with the ideal; this machine has ${availableParallelism()})`,
    );
    console.log(`rounds: ${sweeps.map((s) => `${s.toFixed(0)} ms (${(s / idealMs).toFixed(2)}×)`).join(', ')}; borrowed after stop: ${engine.stats().borrowed}`);
  } finally {
    await host.stop();
    await engine.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
