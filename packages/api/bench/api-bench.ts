/**
 * The HTTP benchmark: autocannon against the API with its full middleware stack (request ids,
 * the access log at LOG_LEVEL silent, helmet, API-key auth, JSON parsing, zod validation, the
 * per-request exec session, the SDK service and its DTOs) and against a bare Express + `pg`
 * handler running the same SQL on the same database, in the same run, interleaved:
 *
 * - `GET /api/v1/agents/:id` (ids cycled over the seeded rows) — one PK read;
 * - `GET /api/v1/agents?limit=50` — count + a 50-row page ordered by created_at.
 *
 * A third contender is the full stack with `METRICS=off`: the metrics' cost is the median of
 * the back-to-back on/off ratios (target ≥ 0.97×, i.e. ≤ 3 %).
 *
 * Prints req/s (median of the rounds), p50/p99 latency, the ratio full/bare (the median over the
 * rounds of the two contenders' back-to-back ratio, and its range; target ≥ 0.8×), the server's
 * busy time and the process's CPU time per request. The load generator runs in a worker thread
 * (autocannon `workers: 1`), the servers in the main thread. Nothing is asserted: the bench only
 * prints.
 *
 * Database: an isolated, migrated one (`createTestEngine`): the server in `DATABASE_URL`, else
 * the embedded PGlite (one connection, so the pools are 1 there).
 *
 * Settings: BENCH_SECONDS (3), BENCH_WARMUP_SECONDS (1), BENCH_ROUNDS (5), BENCH_CONNECTIONS
 * (50), BENCH_POOL (10), BENCH_ROWS (1000); BENCH_ONLY (for profiling) runs only the
 * `scenario|contender` pairs whose name contains it.
 *
 * @example
 * // pnpm --filter @agent-studio/api build && DATABASE_URL=postgres://postgres@127.0.0.1:5432/test pnpm --filter @agent-studio/api bench
 *
 * @module
 */
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { withSession } from '@agent-studio/db/exec';
import { Agent } from '@agent-studio/db/models';
import { createTestEngine, type TestEngine } from '@agent-studio/db/testing';
import { ApiKeysService } from '@agent-studio/sdk';
import autocannon from 'autocannon';
import express, { type Express } from 'express';
import pg from 'pg';
import { z } from 'zod';
import { createApp } from '../src/app/create-app.js';
import { loadApiConfig } from '../src/config/api-config.js';
import { createApiMetrics } from '../src/app/api-metrics.js';
import { EventEmitter } from 'node:events';
import type { Request, Response } from 'express';

/**
 * CPU µs one request spends in the metrics middleware: its `close` listener and the histogram
 * observation with three labels, over 200,000 requests on real EventEmitters.
 */
function middlewareCostUs(engine: TestEngine): number {
  const metrics = createApiMetrics(engine, 'loopback');
  const n = 200_000;
  const req = { method: 'GET' } as Request;
  const run = (withMetrics: boolean) => {
    const start = process.cpuUsage();
    for (let i = 0; i < n; i++) {
      const res = Object.assign(new EventEmitter(), { locals: { route: '/api/v1/agents/:id' }, statusCode: 200, writableFinished: true }) as unknown as Response;
      if (withMetrics) metrics.middleware(req, res, () => undefined);
      res.emit('close');
    }
    const used = process.cpuUsage(start);
    return used.user + used.system;
  };
  run(true); // warm-up
  const baseline = run(false);
  const measured = run(true);
  metrics.close();
  return Math.max(0, measured - baseline) / n;
}

const TARGET_RATIO = 0.8;
/** The metrics middleware may cost at most 3 % of req/s (on / off ≥ 0.97). */
const METRICS_TARGET = 0.97;

const optionsSchema = z.object({
  BENCH_SECONDS: z.coerce.number().positive().max(3_600).default(3),
  BENCH_WARMUP_SECONDS: z.coerce.number().min(0).max(600).default(1),
  BENCH_ROUNDS: z.coerce.number().int().min(1).max(99).default(5),
  BENCH_CONNECTIONS: z.coerce.number().int().min(1).max(1_000).default(50),
  BENCH_POOL: z.coerce.number().int().min(1).max(200).default(10),
  BENCH_ROWS: z.coerce.number().int().min(50).max(1_000_000).default(1_000),
});
type Options = z.infer<typeof optionsSchema>;

const COLUMNS = `id, name, description, model, instructions, temperature, config, status, version,
  created_at AS "createdAt", updated_at AS "updatedAt"`;

function progress(message: string): void {
  process.stderr.write(`${message}\n`);
}

async function listen(app: Express): Promise<{ server: Server; base: string }> {
  const server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

async function close(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

async function seed(engine: TestEngine, rows: number): Promise<{ ids: string[]; apiKey: string }> {
  const ids: string[] = [];
  for (let start = 0; start < rows; start += 500) {
    await withSession(engine, async (session) => {
      for (let i = start; i < Math.min(rows, start + 500); i++) {
        const agent = session.add(Agent, {
          name: `bench-agent-${String(i).padStart(7, '0')}`,
          model: 'gpt-4o-mini',
          description: `Agent number ${i}, seeded for the HTTP benchmark`,
          instructions: 'Answer briefly and cite the documentation you used.',
          config: { tools: ['search', 'calculator'], maxTurns: 8 },
        });
        ids.push(agent.id);
      }
    });
  }
  const created = await withSession(engine, (session) => ApiKeysService.createApiKey(session, { name: 'bench' }));
  return { ids, apiKey: created.key };
}

/** Requests the bare app is still handling (so the pool is ended only after the last one). */
let bareInFlight = 0;

/** The baseline: Express + `pg`, no middleware, the same SQL the exec session sends. */
function bareApp(pool: pg.Pool): Express {
  const app = express();
  app.get('/api/v1/agents/:id', async (req, res) => {
    bareInFlight += 1;
    try {
      const result = await pool.query(`SELECT ${COLUMNS} FROM agents WHERE id = $1`, [req.params.id]);
      if (!result.rows[0]) res.status(404).json({ status: 404 });
      else res.json(result.rows[0]);
    } finally {
      bareInFlight -= 1;
    }
  });
  app.get('/api/v1/agents', async (req, res) => {
    bareInFlight += 1;
    try {
      const limit = Math.min(100, Number(req.query.limit ?? 20));
      const offset = Number(req.query.offset ?? 0);
      const total = await pool.query<{ count: number }>('SELECT count(*)::int AS count FROM agents');
      const page = await pool.query(`SELECT ${COLUMNS} FROM agents ORDER BY created_at DESC, id DESC LIMIT $1 OFFSET $2`, [limit, offset]);
      res.json({ data: page.rows, pagination: { total: total.rows[0]!.count, limit, offset } });
    } finally {
      bareInFlight -= 1;
    }
  });
  return app;
}

interface Sample {
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly non2xx: number;
  readonly errors: number;
  /** Main-thread (server) busy time per request, µs: event-loop utilisation × wall time / requests. */
  readonly busyUsPerReq: number;
  /** CPU time of the whole process (server and load generator) per request, µs: less sensitive than busy time to the OS preempting the server. */
  readonly cpuUsPerReq: number;
}

async function fire(requests: autocannon.Request[], base: string, headers: Record<string, string>, seconds: number, connections: number): Promise<Sample> {
  const elu = performance.eventLoopUtilization();
  const cpu = process.cpuUsage();
  const result = await autocannon({
    url: base,
    connections,
    duration: seconds,
    headers,
    requests,
    workers: 1,
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    busyUsPerReq: (performance.eventLoopUtilization(elu).active * 1_000) / Math.max(1, result.requests.total),
    cpuUsPerReq: ((used) => (used.user + used.system) / Math.max(1, result.requests.total))(process.cpuUsage(cpu)),
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function main(): Promise<void> {
  const parsed = optionsSchema.safeParse(process.env);
  if (!parsed.success) throw new Error(`Invalid benchmark settings: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const options: Options = parsed.data;
  const engine = await createTestEngine({ poolMax: options.BENCH_POOL });
  const poolMax = engine.config.poolMax; // 1 on the embedded database
  const { host, port, database, username, password } = engine.sequelize.config;
  const pool = new pg.Pool({ host, port: Number(port), database, user: username, password: password ?? undefined, max: poolMax, application_name: 'agent-studio-api-bench' });
  const servers: Server[] = [];
  try {
    progress(`seeding ${options.BENCH_ROWS} agents…`);
    const { ids, apiKey } = await seed(engine, options.BENCH_ROWS);
    await pool.query('ANALYZE agents');
    const version = (await pool.query<{ server_version: string }>('SHOW server_version')).rows[0]?.server_version;

    const full = await listen(createApp({ engine, config: loadApiConfig({ LOG_LEVEL: 'silent' }) }));
    // the same stack with METRICS=off: the metrics' cost is the ratio of the two, from the same run
    const unmetered = await listen(createApp({ engine, config: loadApiConfig({ LOG_LEVEL: 'silent', METRICS: 'off' }) }));
    const bare = await listen(bareApp(pool));
    servers.push(full.server, unmetered.server, bare.server);
    const headers = { authorization: `Bearer ${apiKey}`, accept: 'application/json' };

    // a sanity check: both answer the same rows
    const [a, b] = await Promise.all([
      fetch(`${full.base}/api/v1/agents/${ids[0]}`, { headers }).then((r) => r.json() as Promise<{ id: string; name: string }>),
      fetch(`${bare.base}/api/v1/agents/${ids[0]}`).then((r) => r.json() as Promise<{ id: string; name: string }>),
    ]);
    if (a.id !== b.id || a.name !== b.name) throw new Error('the two servers disagree');
    const [pa, pb] = await Promise.all([
      fetch(`${full.base}/api/v1/agents?limit=50`, { headers }).then((r) => r.json() as Promise<{ data: { id: string }[] }>),
      fetch(`${bare.base}/api/v1/agents?limit=50`).then((r) => r.json() as Promise<{ data: { id: string }[] }>),
    ]);
    if (pa.data.length !== 50 || pa.data.map((r) => r.id).join() !== pb.data.map((r) => r.id).join()) throw new Error('the pages differ');

    const byId: autocannon.Request[] = ids.slice(0, 200).map((id) => ({ method: 'GET', path: `/api/v1/agents/${id}` }));
    const page: autocannon.Request[] = [{ method: 'GET', path: '/api/v1/agents?limit=50' }];
    const scenarios = [
      { name: 'GET /agents/:id', requests: byId },
      { name: 'GET /agents?limit=50', requests: page },
    ];
    // for profiling: BENCH_ONLY runs only the "scenario|contender" pairs whose name contains it
    const only = process.env.BENCH_ONLY;
    const contenders = [
      { name: 'full stack', base: full.base, headers },
      { name: 'full, metrics off', base: unmetered.base, headers },
      { name: 'bare express+pg', base: bare.base, headers: { accept: 'application/json' } },
    ];
    const selected = (s: { name: string }, c: { name: string }) => !only || `${s.name}|${c.name}`.includes(only);
    const samples = new Map<string, Sample[]>();
    if (options.BENCH_WARMUP_SECONDS > 0) {
      progress(`warm-up: ${options.BENCH_WARMUP_SECONDS} s per contender`);
      for (const s of scenarios) for (const c of contenders.filter((x) => selected(s, x))) await fire(s.requests, c.base, c.headers, options.BENCH_WARMUP_SECONDS, options.BENCH_CONNECTIONS);
    }
    for (let round = 0; round < options.BENCH_ROUNDS; round++) {
      for (const s of scenarios) {
        const order = (round % 2 ? [...contenders].reverse() : contenders).filter((c) => selected(s, c));
        for (const c of order) {
          const sample = await fire(s.requests, c.base, c.headers, options.BENCH_SECONDS, options.BENCH_CONNECTIONS);
          const key = `${s.name}|${c.name}`;
          samples.set(key, [...(samples.get(key) ?? []), sample]);
          progress(
            `round ${round + 1}/${options.BENCH_ROUNDS}  ${s.name.padEnd(22)} ${c.name.padEnd(16)} ${Math.round(sample.rps).toString().padStart(6)} req/s  p99 ${sample.p99} ms  busy ${sample.busyUsPerReq.toFixed(0)} µs/req  cpu ${sample.cpuUsPerReq.toFixed(0)} µs/req`,
          );
        }
      }
    }

    const lines = [
      `@agent-studio/api bench — node ${process.version}, PostgreSQL ${version}, ${engine.kind} (${engine.description})`,
      `pool ${poolMax} for both; autocannon ${options.BENCH_CONNECTIONS} connections in a worker thread; ${options.BENCH_ROUNDS} interleaved rounds × ${options.BENCH_SECONDS} s; median req/s, median p50/p99; ratio = median over rounds of full/bare req/s; ${options.BENCH_ROWS} agents`,
      '',
      `${'scenario'.padEnd(22)} ${'contender'.padEnd(16)} ${'req/s'.padStart(8)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'non-2xx'.padStart(8)} ${'errors'.padStart(7)} ${'ratio'.padStart(6)} ${'per round'.padStart(10)} ${'busy µs/req'.padStart(12)} ${'cpu µs/req'.padStart(11)}`,
    ];
    const verdicts: string[] = [];
    const metricVerdicts: string[] = [];
    for (const s of scenarios) {
      const bare = samples.get(`${s.name}|bare express+pg`) ?? [];
      for (const c of contenders) {
        const list = samples.get(`${s.name}|${c.name}`) ?? [];
        if (!list.length) continue;
        // each round ran both contenders back to back: their ratio is the fair comparison on a machine
        // whose speed drifts, and the median over the rounds is the figure
        const ratios = list.flatMap((x, i) => (bare[i] ? [x.rps / bare[i].rps] : []));
        const ratio = ratios.length ? median(ratios) : Number.NaN;
        lines.push(
          `${s.name.padEnd(22)} ${c.name.padEnd(16)} ${Math.round(median(list.map((x) => x.rps))).toString().padStart(8)} ${median(list.map((x) => x.p50)).toFixed(1).padStart(7)} ${median(list.map((x) => x.p99)).toFixed(1).padStart(7)} ${String(list.reduce((n, x) => n + x.non2xx, 0)).padStart(8)} ${String(list.reduce((n, x) => n + x.errors, 0)).padStart(7)} ${`${ratio.toFixed(2)}×`.padStart(6)} ${(ratios.length ? `${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}` : '').padStart(10)} ${median(list.map((x) => x.busyUsPerReq)).toFixed(0).padStart(12)} ${median(list.map((x) => x.cpuUsPerReq)).toFixed(0).padStart(11)}`,
        );
        if (c.name === 'full stack') verdicts.push(`${s.name} ${ratio.toFixed(2)}× ${ratio >= TARGET_RATIO ? 'met' : 'NOT met'}`);
      }
      // metrics on vs off: the same stack, back to back in each round
      const on = samples.get(`${s.name}|full stack`) ?? [];
      const off = samples.get(`${s.name}|full, metrics off`) ?? [];
      const costs = on.flatMap((x, i) => (off[i] ? [x.rps / off[i].rps] : []));
      if (costs.length) {
        const r = median(costs);
        // CPU time per request moves less with the machine's other work than req/s does
        const cpu = median(on.flatMap((x, i) => (off[i] ? [x.cpuUsPerReq / off[i].cpuUsPerReq] : [])));
        metricVerdicts.push(
          `${s.name} req/s ${r.toFixed(3)}× (rounds ${Math.min(...costs).toFixed(2)}–${Math.max(...costs).toFixed(2)}; cost ${((1 - r) * 100).toFixed(1)} %) ${r >= METRICS_TARGET ? 'met' : 'NOT met'}, cpu µs/req ${cpu.toFixed(3)}× (+${((cpu - 1) * 100).toFixed(1)} %)`,
        );
      }
    }
    lines.push('', `target: full stack ≥ ${TARGET_RATIO.toFixed(2)}× bare express+pg — ${verdicts.join('; ')}`);
    lines.push(`metrics: full stack (METRICS on) ≥ ${METRICS_TARGET.toFixed(2)}× the same stack with METRICS=off — ${metricVerdicts.join('; ')}`);
    // the middleware's own CPU per request, measured in-process (steady where req/s is noisy),
    // against the full stack's CPU per request measured above
    const perRequestUs = middlewareCostUs(engine);
    const fullCpu = median((samples.get(`${scenarios[0]!.name}|full stack`) ?? []).map((x) => x.cpuUsPerReq));
    lines.push(
      `metrics middleware in-process: ${perRequestUs.toFixed(2)} µs CPU per request = ${((perRequestUs / fullCpu) * 100).toFixed(2)} % of the full stack's ${fullCpu.toFixed(0)} µs/req on ${scenarios[0]!.name}`,
    );
    console.log(lines.join('\n'));
  } finally {
    for (const server of servers) await close(server);
    const deadline = Date.now() + 5_000;
    while (bareInFlight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    await pool.end();
    await engine.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
