/**
 * The database benchmark: a primary-key read and a 50-row page, each through an exec session,
 * through plain Sequelize and through raw `pg` (the baseline), with the same pool size and
 * concurrency, interleaved in the same run. Prints ops/sec, the ratio against raw `pg`, and
 * p50/p99 latency. The target is exec session ≥ 0.9× raw `pg` on both scenarios; nothing here
 * asserts it, the bench only prints.
 *
 * Runs on an isolated, freshly migrated database (`createTestEngine`): on the server from
 * `DATABASE_URL`, else on embedded PGlite, which allows one connection, so the pool and the
 * concurrency are 1 there. Settings: see {@link loadBenchOptions}.
 *
 * @example
 * // pnpm build && DATABASE_URL=postgres://postgres@127.0.0.1:5432/test BENCH_SECONDS=3 pnpm bench
 *
 * @module
 */
import type pg from 'pg';
import { createTestEngine, type TestEngine } from '../src/testing/test-engine.js';
import { loadBenchOptions, PAGE_SIZE, type BenchOptions } from './bench-options.js';
import { BASELINE, buildScenarios, type Scenario } from './contenders.js';
import { measure, type Sample } from './measure.js';
import { rawPgPool } from './raw-pg-pool.js';
import { formatTable, summarise, type ContenderResult } from './report-table.js';
import { seedAgents } from './seed-agents.js';

/** The exec session's target, as a fraction of raw `pg` ops/sec. */
const TARGET_RATIO = 0.9;
/** Un-timed seconds before every sample, so each starts on a full pool whatever ran before. */
const PRIME_SECONDS = 0.2;

function progress(message: string): void {
  process.stderr.write(`${message}\n`);
}

function rotate<T>(items: readonly T[], by: number): T[] {
  const k = by % items.length;
  return [...items.slice(k), ...items.slice(0, k)];
}

async function runRounds(
  scenarios: readonly Scenario[],
  options: BenchOptions,
  concurrency: number,
): Promise<ContenderResult[]> {
  const samples = new Map<string, Sample[]>();
  const key = (scenario: string, contender: string): string => `${scenario}\u0000${contender}`;

  if (options.warmupSeconds > 0) {
    progress(`warm-up: ${options.warmupSeconds} s per contender`);
    for (const scenario of scenarios) {
      for (const contender of scenario.contenders) await measure(contender.op, concurrency, options.warmupSeconds);
    }
  }
  for (let round = 0; round < options.rounds; round++) {
    for (const scenario of scenarios) {
      // rotate the order each round so no contender always runs first (or right after another)
      for (const contender of rotate(scenario.contenders, round)) {
        await measure(contender.op, concurrency, Math.min(PRIME_SECONDS, options.seconds / 10));
        const sample = await measure(contender.op, concurrency, options.seconds);
        const k = key(scenario.name, contender.name);
        samples.set(k, [...(samples.get(k) ?? []), sample]);
        progress(
          `round ${round + 1}/${options.rounds}  ${scenario.name.padEnd(10)}  ${contender.name.padEnd(18)}  ` +
            `${Math.round(sample.opsPerSec).toLocaleString('en-US').padStart(8)} ops/s`,
        );
      }
    }
  }
  return scenarios.flatMap((scenario) =>
    scenario.contenders.map((contender) => ({
      scenario: scenario.name,
      contender: contender.name,
      samples: samples.get(key(scenario.name, contender.name)) ?? [],
    })),
  );
}

async function serverVersion(pool: pg.Pool): Promise<string> {
  const result = await pool.query<{ server_version: string }>('SHOW server_version');
  return result.rows[0]?.server_version ?? 'unknown';
}

async function runBench(engine: TestEngine, rawPool: pg.Pool, options: BenchOptions, concurrency: number): Promise<void> {
  progress(`seeding ${options.rows.toLocaleString('en-US')} agents…`);
  const ids = await seedAgents(engine, options.rows);
  await rawPool.query('ANALYZE agents');
  const scenarios = buildScenarios({ engine, rawPool, ids });

  const poolMax = engine.config.poolMax;
  const lines = [
    `@agent-studio/db bench — node ${process.version}, PostgreSQL ${await serverVersion(rawPool)}`,
    `database:    ${engine.kind} (${engine.description})`,
    `pool:        ${poolMax} connection${poolMax === 1 ? '' : 's'} for the engine and for raw pg alike`,
    `concurrency: ${concurrency} worker${concurrency === 1 ? '' : 's'} per contender` +
      (engine.kind === 'embedded' ? ' (embedded PGlite: pool and concurrency forced to 1)' : ''),
    `method:      ${options.rounds} interleaved round${options.rounds === 1 ? '' : 's'} × ${options.seconds} s per contender ` +
      `after ${options.warmupSeconds} s warm-up; median ops/s; p50/p99 over all rounds; ` +
      `cpu µs/op = this process's CPU time per op (median); ` +
      `${options.rows.toLocaleString('en-US')} agents, pages of ${PAGE_SIZE} ordered by created_at`,
  ];

  const rows = summarise(await runRounds(scenarios, options, concurrency), BASELINE);
  const verdicts = rows
    .filter((r) => r.contender === 'exec session')
    .map((r) => `${r.scenario} ${r.ratio.toFixed(2)}× ${r.ratio >= TARGET_RATIO ? 'met' : 'NOT met'}`);
  console.log(
    [
      ...lines,
      '',
      formatTable(rows),
      '',
      `target: exec session ≥ ${TARGET_RATIO.toFixed(2)}× raw pg — ${verdicts.join('; ')}`,
    ].join('\n'),
  );
}

/**
 * Runs the whole benchmark and closes everything it opened, also when it fails.
 *
 * @example
 * await main();
 */
export async function main(): Promise<void> {
  const options = loadBenchOptions();
  const engine = await createTestEngine({ poolMax: options.poolMax });
  let rawPool: pg.Pool | undefined;
  try {
    const embedded = engine.kind === 'embedded';
    const concurrency = embedded ? 1 : options.concurrency;
    rawPool = rawPgPool(engine, engine.config.poolMax, engine.config.idleTimeoutMs);
    await runBench(engine, rawPool, options, concurrency);
  } finally {
    await rawPool?.end();
    await engine.close();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
