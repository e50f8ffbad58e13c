/**
 * Help, bad input and an unreachable database: no database needed.
 */
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lines, runCli } from './run-cli.js';

// a key and a data directory of their own: the engine would otherwise create .data/secret.key in the workspace
const UNREACHABLE = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:1/x',
  AGENT_STUDIO_SECRET_KEY: randomBytes(32).toString('base64'),
  AGENT_STUDIO_DATA_DIR: join(tmpdir(), 'studio-cli-unreachable-never-created'),
};

/**
 * Exit `code` (1: an error, 2: a usage error), nothing on stdout, exactly one `error: ...` line on
 * stderr (besides the `database: ...` line of a command that opened one).
 */
function expectOneLineError(run: { code: number | null; stdout: string; stderr: string }, pattern: RegExp, code = 1): void {
  expect(run.code, run.stderr).toBe(code);
  expect(run.stdout).toBe('');
  const errorLines = lines(run.stderr).filter((l) => !l.startsWith('database: '));
  expect(errorLines).toHaveLength(1);
  expect(errorLines[0]).toMatch(/^error: /);
  expect(errorLines[0]).toMatch(pattern);
}

describe('studio --help', () => {
  it.each([
    [[]],
    [['db']],
    [['db', 'init']],
    [['db', 'migrate']],
    [['db', 'migrate', 'up']],
    [['db', 'migrate', 'down']],
    [['db', 'migrate', 'status']],
    [['db', 'seed']],
    [['doctor']],
    [['register-test-hybrid-workflow']],
    [['mcp']],
    [['mcp', 'check']],
    [['monitor']],
    [['sessions']],
    [['sessions', 'report']],
    [['api-keys']],
    [['api-keys', 'create']],
    [['api-keys', 'list']],
    [['api-keys', 'revoke']],
  ])('%j --help prints usage on stdout and exits 0', async (command) => {
    const run = await runCli([...command, '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Usage: ${['studio', ...command].join(' ')}`);
    expect(run.stderr).toBe('');
  });

  it('lists every command', async () => {
    const { stdout } = await runCli(['--help']);
    for (const name of ['db', 'doctor', 'register-test-hybrid-workflow', 'mcp', 'monitor', 'sessions', 'api-keys', 'help [command]']) {
      expect(stdout).toContain(name);
    }
  });
});

describe('usage errors: one line on stderr, exit 2', () => {
  it('unknown command (with the suggestion on the same line)', async () => {
    expectOneLineError(await runCli(['dbb']), /unknown command 'dbb'.*Did you mean db\?/, 2);
  });

  it('unknown subcommand', async () => {
    expectOneLineError(await runCli(['db', 'migrate', 'sideways']), /unknown command 'sideways'/, 2);
  });

  it('unknown option', async () => {
    expectOneLineError(await runCli(['db', 'init', '--bogus']), /unknown option '--bogus'/, 2);
  });

  it('no command', async () => {
    expectOneLineError(await runCli([]), /missing command: studio <command>/, 2);
  });

  it('a group without its subcommand', async () => {
    expectOneLineError(await runCli(['db', 'migrate']), /missing command: studio db migrate <command>; see "studio db migrate --help"/, 2);
  });

  it('a missing required option', async () => {
    expectOneLineError(await runCli(['api-keys', 'create']), /required option '--name <name>' not specified/, 2);
  });

  it('a missing argument', async () => {
    expectOneLineError(await runCli(['api-keys', 'revoke']), /missing required argument 'id'/, 2);
  });

  it('an invalid number', async () => {
    expectOneLineError(await runCli(['mcp', 'check', '--concurrency', '0']), /'--concurrency <n>' argument '0' is invalid/, 2);
  });

  it('conflicting options: migrate down --step with --all', async () => {
    expectOneLineError(await runCli(['db', 'migrate', 'down', '--step', '2', '--all'], UNREACHABLE), /'--all' cannot be used with option '--step <n>'/, 2);
  });

  it('an invalid URL option', async () => {
    expectOneLineError(
      await runCli(['register-test-hybrid-workflow', '--mcp-url', 'ftp://x'], UNREACHABLE),
      /--mcp-url must be an http\(s\) URL/,
      2,
    );
  });

  it('an invalid --database-url', async () => {
    expectOneLineError(await runCli(['db', 'migrate', 'status', '--database-url', 'mysql://nope']), /--database-url must be a postgres:\/\//, 2);
  });

  it('a missing --dotenv', async () => {
    expectOneLineError(await runCli(['db', 'migrate', 'status', '--dotenv', 'no-such.env']), /--dotenv: no such file .*no-such\.env/, 2);
  });
});

describe('bad configuration: one line on stderr, exit 1', () => {
  it('an invalid DATABASE_URL', async () => {
    expectOneLineError(await runCli(['db', 'migrate', 'status'], { DATABASE_URL: 'mysql://nope' }), /Invalid configuration: .*DATABASE_URL/);
  });

  it('an empty DATABASE_URL is an error, not the embedded database', async () => {
    expectOneLineError(
      await runCli(['db', 'migrate', 'status'], { ...UNREACHABLE, DATABASE_URL: '' }),
      /Invalid configuration: DATABASE_URL is empty: set it to a postgres:\/\/ URL, or unset it to use the embedded database/,
    );
  });
});

describe('an unreachable database: one line, exit 1, no stack trace', () => {
  it.each([
    [['db', 'init']],
    [['db', 'migrate', 'status']],
    [['db', 'migrate', 'up']],
    [['db', 'seed']],
    [['register-test-hybrid-workflow']],
    [['mcp', 'check', '--all']],
    [['monitor']],
    [['api-keys', 'list']],
    [['api-keys', 'create', '--name', 'x']],
    [['api-keys', 'revoke', '--yes', '2f55a524-7026-4fb2-b0a7-221e6d6047fe']],
  ])('%j', async (command) => {
    const run = await runCli(command, UNREACHABLE);
    expectOneLineError(run, /^error: The database is unavailable: .*ECONNREFUSED/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    // which database it tried, without a password
    expect(lines(run.stderr)[0]).toBe('database: postgres://postgres@127.0.0.1:1/x');
  });
});
