/**
 * The published packages as a stranger sees them: `pnpm pack` db and sdk into a directory outside
 * the workspace, install the tarballs with npm into a fresh project, compile a consumer with tsc
 * (a correct one compiles; one handing `SessionLocal()` to a service does not) and run the
 * correct one against a real database as ESM and as CJS.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile, copyFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createTestEngine, type TestEngine } from '@agent-studio/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const here = dirname(fileURLToPath(import.meta.url));
const packages = resolve(here, '../../..');

let project: string;
let engine: TestEngine | undefined;
let databaseEnv: Record<string, string>;

function pnpm(args: string[], cwd: string) {
  const execPath = process.env.npm_execpath;
  return execPath && /pnpm/.test(execPath)
    ? run(process.execPath, [execPath, ...args], { cwd })
    : run('pnpm', args, { cwd });
}

beforeAll(async () => {
  project = await mkdtemp(join(tmpdir(), 'agent-studio-consumer-'));
  for (const name of ['db', 'sdk']) await pnpm(['pack', '--pack-destination', project], join(packages, name));
  const tarballs = (await readdir(project)).filter((f) => f.endsWith('.tgz')).map((f) => `./${f}`);
  expect(tarballs).toHaveLength(2);
  await writeFile(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
  for (const f of ['consumer.mts', 'consumer.cts', 'wrong-session.mts', 'tsconfig.json']) await copyFile(join(here, f), join(project, f));
  // A stalled registry connection must fail and retry, not hang: npm's default fetch timeout is
  // five minutes, which is this whole hook (a CI run once spent it on one fetch).
  const npmFlags = ['--no-audit', '--no-fund', '--loglevel=error', '--prefer-offline', '--fetch-timeout=30000', '--fetch-retries=5', '--fetch-retry-mintimeout=1000'];
  await run('npm', ['install', ...npmFlags, ...tarballs, 'typescript@~5.9.3', '@types/node@^20.19.0'], { cwd: project, timeout: 400_000 });

  if (process.env.DATABASE_URL) {
    engine = await createTestEngine(); // a fresh, migrated database of its own
    const url = new URL(process.env.DATABASE_URL);
    url.pathname = `/${engine.isolatedIn}`;
    databaseEnv = { DATABASE_URL: url.toString(), AGENT_STUDIO_DATA_DIR: join(project, '.data') };
  } else {
    databaseEnv = { AGENT_STUDIO_DATA_DIR: join(project, '.data') }; // DATABASE_URL unset (empty is an error)
  }
}, 480_000);

afterAll(async () => {
  await engine?.close();
  if (project) await rm(project, { recursive: true, force: true });
});

const tsc = (args: string[]) => run(process.execPath, [join(project, 'node_modules/typescript/bin/tsc'), ...args], { cwd: project });

describe('the packed packages, installed with npm outside the workspace', () => {
  it('compile a correct consumer with tsc', async () => {
    await expect(tsc(['-p', 'tsconfig.json'])).resolves.toBeDefined();
  }, 180_000);

  it('refuse to compile a consumer that hands SessionLocal() to a service, naming ExecSession', async () => {
    const failure = await tsc(['--noEmit', '--strict', '--module', 'NodeNext', '--moduleResolution', 'NodeNext', '--skipLibCheck', 'wrong-session.mts']).then(
      () => undefined,
      (e: { stdout: string }) => e.stdout,
    );
    expect(failure).toBeDefined();
    expect(failure).toMatch(/wrong-session\.mts.*error TS2345/);
    expect(failure).toMatch(/'LegacySession' is not assignable to parameter of type 'ExecSession'/);
  });

  it.each([
    ['esm', 'dist/consumer.mjs'],
    ['cjs', 'dist/consumer.cjs'],
  ])('run against the database as %s', async (format, file) => {
    const { DATABASE_URL: _inherited, ...parentEnv } = process.env;
    const { stdout } = await run(process.execPath, [file], { cwd: project, env: { ...parentEnv, ...databaseEnv } });
    expect(JSON.parse(stdout.trim().split('\n').at(-1)!)).toEqual({ format, ok: true });
  });
});
