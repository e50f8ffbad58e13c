/**
 * The operator conventions of every command, against a database of this file's own: `--version`,
 * `help`, one JSON document per command with `--json`, the unmigrated-database message,
 * `doctor` on a healthy and on broken set-ups, confirmation of destructive commands (refused off
 * a terminal; asked on one), `--database-url` and `--dotenv`.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCliDatabase, sql, type CliDatabase } from './cli-database.js';
import { CLI, childEnv, finished, lines, runCli, startCli, WORKSPACE_ROOT } from './run-cli.js';

let db: CliDatabase;
let scratch: string;
beforeAll(async () => {
  db = await createCliDatabase({ migrate: true });
  scratch = await mkdtemp(join(tmpdir(), 'studio-conventions-'));
});
afterAll(async () => {
  await db?.close();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

interface Doctor {
  ok: boolean;
  results: { check: string; status: 'ok' | 'warn' | 'fail'; message: string }[];
}

async function doctor(env: Record<string, string>): Promise<{ code: number | null; report: Doctor }> {
  const run = await runCli(['doctor', '--json'], env);
  return { code: run.code, report: JSON.parse(run.stdout) as Doctor };
}

function line(report: Doctor, check: string) {
  return report.results.find((r) => r.check === check);
}

describe('--version and help', () => {
  it('--version prints the package version', async () => {
    const run = await runCli(['--version']);
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it.each([
    [['help'], 'Usage: studio [options] [command]'],
    [['help', 'db'], 'Usage: studio db [options] [command]'],
    [['db', 'help', 'migrate'], 'Usage: studio db migrate [options] [command]'],
    [['db', 'migrate', 'help', 'down'], 'Usage: studio db migrate down [options]'],
  ])('%j prints the usage on stdout, exit 0', async (args, usage) => {
    const run = await runCli(args);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(usage);
    expect(run.stderr).toBe('');
  });

  it('every command lists the global options', async () => {
    const run = await runCli(['api-keys', 'list', '--help']);
    for (const option of ['--json', '--database-url <url>', '--dotenv <path>']) expect(run.stdout).toContain(option);
  });
});

describe('shell completion', () => {
  it('completion bash: bash completes commands and options from the command tree', async () => {
    const run = await runCli(['completion', 'bash']);
    expect(run.code, run.stderr).toBe(0);
    const file = join(scratch, 'studio-completion.bash');
    await writeFile(file, run.stdout);
    const complete = (words: string[]) =>
      spawnSync('bash', ['-c', `source "${file}"; COMP_WORDS=(${words.map((w) => `"${w}"`).join(' ')}); COMP_CWORD=${words.length - 1}; _studio_completion; echo "\${COMPREPLY[@]}"`], {
        encoding: 'utf8',
      }).stdout.trim();
    expect(complete(['studio', 'db', 'mi'])).toBe('migrate');
    expect(complete(['studio', 'db', 'migrate', 'down', '--'])).toMatch(/--step --all --yes .*--json/);
    expect(complete(['studio', 'mcp', 'a'])).toBe('add');
    expect(JSON.parse((await runCli(['completion', 'zsh', '--json'])).stdout)).toMatchObject({ shell: 'zsh' });
    expect((await runCli(['completion', 'fish'])).code).toBe(2);
  });
});

describe('--json: one JSON document on stdout for every command', () => {
  it.each([
    [['db', 'migrate', 'status'], (v: Record<string, unknown>) => expect(v.upToDate).toBe(true)],
    [['db', 'migrate', 'up'], (v: Record<string, unknown>) => expect(v.applied).toEqual([])],
    [['db', 'init'], (v: Record<string, unknown>) => expect(v).toHaveProperty('created')],
    [['db', 'seed'], (v: Record<string, unknown>) => expect(v.created).toEqual([])],
    [['doctor'], (v: Record<string, unknown>) => expect(v.ok).toBe(true)],
    [['register-test-hybrid-workflow'], (v: Record<string, unknown>) => expect(v).toHaveProperty('rows')],
    [['mcp', 'check', '--all'], (v: Record<string, unknown>) => expect(v).toHaveProperty('checks')],
    [['sessions', 'report'], (v: Record<string, unknown>) => expect(v).toHaveProperty('totals')],
    [['api-keys', 'create', '--name', 'json'], (v: Record<string, unknown>) => expect(v).toHaveProperty('key')],
    [['api-keys', 'list'], (v: unknown) => expect(Array.isArray(v)).toBe(true)],
  ])('%j --json', async (args, check) => {
    const run = await runCli([...args, '--json'], db.env);
    expect(run.code, run.stderr).toBe(0);
    check(JSON.parse(run.stdout) as Record<string, unknown>);
  });

  it('api-keys revoke --yes --json, and migrate down/up --json', async () => {
    const created = JSON.parse((await runCli(['api-keys', 'create', '--name', 'gone', '--json'], db.env)).stdout) as { apiKey: { id: string } };
    const revoked = await runCli(['api-keys', 'revoke', created.apiKey.id, '--yes', '--json'], db.env);
    expect(revoked.code, revoked.stderr).toBe(0);
    expect((JSON.parse(revoked.stdout) as { revokedAt: string | null }).revokedAt).not.toBeNull();

    const down = await runCli(['db', 'migrate', 'down', '--yes', '--json'], db.env);
    expect(down.code, down.stderr).toBe(0);
    const { reverted } = JSON.parse(down.stdout) as { reverted: string[] };
    expect(reverted).toHaveLength(1);
    const status = await runCli(['--json', 'db', 'migrate', 'status'], db.env); // global option before the command
    expect(status.code).toBe(1);
    expect(JSON.parse(status.stdout)).toMatchObject({ upToDate: false, pending: reverted });
    const up = await runCli(['db', 'migrate', 'up', '--json'], db.env);
    expect(JSON.parse(up.stdout)).toEqual({ applied: reverted });
  });

  it('monitor --json: one document when it stops', async () => {
    const child = startCli(['monitor', '--json', '--poll-interval-ms', '200'], db.env);
    const done = finished(child);
    await new Promise<void>((resolve, reject) => {
      let stderr = '';
      const timer = setTimeout(() => reject(new Error(`monitor did not start: ${stderr}`)), 60_000);
      child.stderr!.on('data', (chunk: string) => {
        stderr += chunk;
        if (stderr.includes('monitor: started')) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    child.kill('SIGTERM');
    const run = await done;
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ stoppedBy: 'SIGTERM', sweeps: expect.any(Number) as number });
  });

  it('a failure is a JSON document too (and the one error line on stderr)', async () => {
    const run = await runCli(['api-keys', 'revoke', 'nope', '--json'], db.env);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toEqual({ error: { message: 'Invalid input: id: must be a UUID', exitCode: 1 } });
    expect(lines(run.stderr).at(-1)).toBe('error: Invalid input: id: must be a UUID');
  });
});

describe('doctor', () => {
  it('a healthy set-up: no failure, exit 0, the database without a password', async () => {
    const run = await runCli(['doctor'], db.env);
    expect(run.code, run.stdout).toBe(0);
    expect(run.stdout).not.toMatch(/^fail/m);
    expect(run.stdout).toMatch(/^ok\s+database\s+(server|embedded): /m);
    expect(run.stdout).toMatch(/^ok\s+migrations\s+\d+ applied, none pending$/m);
    expect(run.stdout).toMatch(/^ok\s+secret key\s+configured \(AGENT_STUDIO_SECRET_KEY or AGENT_STUDIO_SECRET_KEY_FILE\)$/m);
    expect(run.stdout).toMatch(/^doctor: \d+ ok, \d+ warning\(s\), 0 failure\(s\)$/m);
    const { report } = await doctor(db.env);
    expect(line(report, 'database')!.message).toMatch(/\(PostgreSQL \d+/);
    for (const check of ['configuration', 'secret key', 'database', 'migrations', 'stored secrets', 'monitor', 'workers', 'outbound policy']) {
      expect(line(report, check), check).toBeDefined();
    }
  });

  it('a wrong secret key: fails naming the server whose secrets it cannot decrypt', async () => {
    await db.inspect(async (engine) => {
      const headers = engine.cipher.encrypt({ Authorization: 'Bearer doctor-secret' })!;
      await sql(
        engine,
        `INSERT INTO mcp_servers (name, transport, url, headers_encrypted, enabled) VALUES ('doctor-secret', 'streamable_http', 'http://127.0.0.1:9/mcp', '${headers}', false)`,
      );
    });
    const right = await doctor(db.env);
    expect(line(right.report, 'stored secrets')).toMatchObject({ status: 'ok' });

    const wrong = await doctor({ ...db.env, AGENT_STUDIO_SECRET_KEY: randomBytes(32).toString('base64') });
    expect(wrong.code).toBe(1);
    expect(wrong.report.ok).toBe(false);
    expect(line(wrong.report, 'stored secrets')).toMatchObject({ status: 'fail', message: expect.stringContaining('doctor-secret') as string });
    expect(JSON.stringify(wrong.report)).not.toContain('Bearer doctor-secret');
  });

  it('pending migrations: fails, exit 1; an unreachable database: fails, exit 1', async () => {
    expect((await runCli(['db', 'migrate', 'down', '--yes'], db.env)).code).toBe(0);
    try {
      const pending = await doctor(db.env);
      expect(pending.code).toBe(1);
      expect(line(pending.report, 'migrations')).toMatchObject({ status: 'fail', message: expect.stringMatching(/1 pending .*studio db migrate up/) as string });
    } finally {
      expect((await runCli(['db', 'migrate', 'up'], db.env)).code).toBe(0);
    }
    const unreachable = await doctor({ ...db.env, DATABASE_URL: 'postgres://user:hunter2@127.0.0.1:1/x' });
    expect(unreachable.code).toBe(1);
    expect(line(unreachable.report, 'database')).toMatchObject({ status: 'fail', message: expect.stringContaining('postgres://user:***@127.0.0.1:1/x') as string });
    expect(JSON.stringify(unreachable.report)).not.toContain('hunter2');
  });
});

describe('configuration', () => {
  it.skipIf(!process.env.DATABASE_URL)('--database-url wins over DATABASE_URL in the environment', async () => {
    const run = await runCli(['db', 'migrate', 'status', '--database-url', db.env.DATABASE_URL!], {
      ...db.env,
      DATABASE_URL: 'postgres://postgres@127.0.0.1:1/x',
    });
    expect(run.code, run.stderr).toBe(0);
    expect(lines(run.stderr)[0]).toBe(`database: ${db.env.DATABASE_URL}`);
  });

  it('--dotenv: variables from the file, the environment wins', async () => {
    const file = join(scratch, 'studio.env');
    await writeFile(file, Object.entries(db.env).map(([k, v]) => `${k}=${v}`).join('\n') + '\n');
    const fromFile = await runCli(['db', 'migrate', 'status', '--dotenv', file], {});
    expect(fromFile.code, fromFile.stderr).toBe(0);
    const environmentWins = await runCli(['db', 'migrate', 'status', '--dotenv', file], {
      DATABASE_URL: 'postgres://postgres@127.0.0.1:1/x',
      AGENT_STUDIO_SECRET_KEY: db.env.AGENT_STUDIO_SECRET_KEY!,
    });
    expect(environmentWins.code).toBe(1);
    expect(environmentWins.stderr).toContain('database: postgres://postgres@127.0.0.1:1/x');
  });
});

describe('an unmigrated database', () => {
  let empty: CliDatabase;
  beforeAll(async () => {
    empty = await createCliDatabase();
    if (empty.migrated) expect((await runCli(['db', 'migrate', 'down', '--all', '--yes'], empty.env)).code).toBe(0);
  });
  afterAll(() => empty?.close());

  it.each([
    [['db', 'seed']],
    [['register-test-hybrid-workflow']],
    [['mcp', 'check', '--all']],
    [['monitor']],
    [['api-keys', 'list']],
    [['api-keys', 'create', '--name', 'x']],
    [['api-keys', 'revoke', '--yes', '2f55a524-7026-4fb2-b0a7-221e6d6047fe']],
  ])('%j says to migrate, exit 1', async (args) => {
    const run = await runCli(args, empty.env);
    expect(run.code).toBe(1);
    expect(lines(run.stderr).at(-1)).toBe('error: database is not migrated: run "studio db migrate up"');
    expect(run.stderr).not.toMatch(/does not exist/);
  });
});

// `script` (util-linux) runs the CLI on a pseudo-terminal, so the confirmation is really asked
const hasScript = spawnSync('script', ['--version']).status === 0;

describe('destructive commands', () => {
  it('migrate down --all off a terminal: lists what it would revert, refuses without --yes, reverts nothing', async () => {
    const run = await runCli(['db', 'migrate', 'down', '--all'], db.env);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/will revert \d+ migration\(s\), dropping what they created:\n {2}\S+/);
    expect(lines(run.stderr).at(-1)).toMatch(/^error: refusing to revert \d+ migration\(s\) without confirmation: not on a terminal; pass --yes to confirm$/);
    expect((await runCli(['db', 'migrate', 'status'], db.env)).code).toBe(0); // still up to date
  });

  it.skipIf(!hasScript)('on a terminal it asks: "n" keeps everything, "y" reverts', async () => {
    const onTty = (answer: string) =>
      spawnSync('script', ['-qec', `"${process.execPath}" "${CLI}" db migrate down`, '/dev/null'], {
        cwd: WORKSPACE_ROOT,
        env: childEnv(db.env),
        input: `${answer}\n`,
        encoding: 'utf8',
        timeout: 60_000,
      });
    const no = onTty('n');
    expect(no.status, no.stdout).toBe(1);
    expect(no.stdout).toMatch(/revert 1 migration\(s\)\? \[y\/N\]/);
    expect(no.stdout).toMatch(/aborted: did not revert 1 migration\(s\)/);
    expect((await runCli(['db', 'migrate', 'status'], db.env)).code).toBe(0);

    const yes = onTty('y');
    expect(yes.status, yes.stdout).toBe(0);
    expect(yes.stdout).toMatch(/migrate down: 1 migration\(s\) reverted/);
    expect((await runCli(['db', 'migrate', 'up'], db.env)).code).toBe(0);
  });
});
