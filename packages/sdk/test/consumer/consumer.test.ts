/**
 * The published packages as a stranger sees them: `pnpm pack` db and sdk into a directory outside
 * the workspace, install the tarballs with npm into a fresh project, compile a consumer with tsc
 * (a correct one compiles; one handing `SessionLocal()` to a service does not) and run the
 * correct one against a real database as ESM and as CJS. On a server (`DATABASE_URL`) the
 * project installs no PGlite (an optional peer of db), and the embedded default then fails
 * naming the package; on the embedded default it installs PGlite, as its README says.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, stat, writeFile, copyFile } from 'node:fs/promises';
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
const tarballFiles = new Map<string, string[]>();
const onServer = Boolean(process.env.DATABASE_URL);

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
  for (const tarball of tarballs) {
    const { stdout } = await run('tar', ['-tzvf', tarball], { cwd: project });
    const entries = stdout.trim().split('\n').map((line) => line.trim().split(/\s+/));
    const unpacked = entries.reduce((sum, entry) => sum + Number(entry[2]), 0);
    tarballFiles.set(tarball.includes('-db-') ? 'db' : 'sdk', entries.map((entry) => entry.at(-1)!));
    console.log(`${tarball}: ${(await stat(join(project, tarball))).size} bytes packed, ${unpacked} unpacked, ${entries.length} files`);
  }
  await writeFile(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
  for (const f of ['consumer.mts', 'consumer.cts', 'wrong-session.mts', 'tsconfig.json']) await copyFile(join(here, f), join(project, f));
  // A stalled registry connection must fail and retry, not hang: npm's default fetch timeout is
  // five minutes, which is this whole hook (a CI run once spent it on one fetch).
  const npmFlags = ['--no-audit', '--no-fund', '--loglevel=error', '--prefer-offline', '--fetch-timeout=30000', '--fetch-retries=5', '--fetch-retry-mintimeout=1000'];
  // the embedded database's packages are optional peers of db: installed only when it is used
  // (read from the tarball: the workspace's package.json says `catalog:`, the packed one the range)
  const dbTarball = tarballs.find((t) => t.includes('-db-'))!;
  const packed = (await run('tar', ['-xzOf', dbTarball, 'package/package.json'], { cwd: project })).stdout;
  const { peerDependencies } = JSON.parse(packed) as { peerDependencies: Record<string, string> };
  const embedded = onServer ? [] : Object.entries(peerDependencies).map(([name, range]) => `${name}@${range}`);
  await run('npm', ['install', ...npmFlags, ...tarballs, ...embedded, 'typescript@~5.9.3', '@types/node@^20.19.0'], { cwd: project, timeout: 400_000 });

  if (onServer) {
    engine = await createTestEngine(); // a fresh, migrated database of its own
    const url = new URL(process.env.DATABASE_URL!);
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
  it('ship what consumers need: no benchmark, no CLI, no source maps', () => {
    const db = tarballFiles.get('db') ?? [];
    expect(db).toContain('package/dist/engine.js');
    for (const files of tarballFiles.values()) expect(files.filter((f) => /\.map$|dist\/(bench|cli)\.js$/.test(f))).toEqual([]);
  });

  it.runIf(onServer)('need no PGlite on a server; the embedded default without it is a ConfigError naming the package', async () => {
    expect(existsSync(join(project, 'node_modules/@electric-sql/pglite'))).toBe(false);
    const { DATABASE_URL: _inherited, ...parentEnv } = process.env;
    const script = [
      "import { createEngine, isConfigError } from '@agent-studio/db/engine';",
      'try { await createEngine(); console.log(JSON.stringify({ started: true })); }',
      'catch (e) { console.log(JSON.stringify({ config: isConfigError(e), message: e.message })); }',
    ].join('\n');
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
      cwd: project,
      env: { ...parentEnv, AGENT_STUDIO_DATA_DIR: join(project, '.data') },
    });
    const answer = JSON.parse(stdout.trim()) as { config: boolean; message: string };
    expect(answer.config).toBe(true);
    expect(answer.message).toMatch(/DATABASE_URL is unset.*@electric-sql\/pglite.*npm install @electric-sql\/pglite @electric-sql\/pglite-socket/);
  });

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
