/**
 * Issue 12: stdio args marked secret are masked in the CLI's output too (`mcp get`, `mcp list`,
 * table and `--json`), the built CLI as a child process.
 */
import { withSession } from '@agent-studio/db/exec';
import { McpServersService } from '@agent-studio/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCliDatabase, type CliDatabase } from './cli-database.js';
import { runCli } from './run-cli.js';

const SECRET = 'CLI-SECRET-ARG-5e9b';
let db: CliDatabase;
let id: string;

beforeAll(async () => {
  db = await createCliDatabase({ migrate: true });
  id = await db.inspect((engine) =>
    withSession(engine, async (s) =>
      (await McpServersService.createMcpServer(s, { name: 'files', transport: 'stdio', command: 'node', args: ['server.js', '--token', SECRET], secretArgs: [2] })).id,
    ),
  );
});
afterAll(async () => {
  await db?.close();
});

describe('secret stdio args in CLI output', () => {
  it('are shown as the mask by mcp get and mcp list, as text and as JSON', async () => {
    for (const args of [['mcp', 'get', id], ['mcp', 'get', id, '--json'], ['mcp', 'list'], ['mcp', 'list', '--json']]) {
      const run = await runCli(args, db.env);
      expect(run.code, run.stderr).toBe(0);
      expect(`${run.stdout}${run.stderr}`, args.join(' ')).not.toContain(SECRET);
    }
    const got = JSON.parse((await runCli(['mcp', 'get', id, '--json'], db.env)).stdout) as { args: string[]; secretArgs: number[] };
    expect(got).toMatchObject({ args: ['server.js', '--token', '••••••'], secretArgs: [2] });
  });

  it('mcp add --secret-args marks them from the command line', async () => {
    const run = await runCli(['mcp', 'add', '--name', 'files-2', '--transport', 'stdio', '--command', 'node', '--arg', 'server.js', SECRET, '--secret-args', '[1]', '--json'], db.env);
    expect(run.code, run.stderr).toBe(0);
    expect(`${run.stdout}${run.stderr}`).not.toContain(SECRET);
    expect(JSON.parse(run.stdout)).toMatchObject({ args: ['server.js', '••••••'], secretArgs: [1] });
  });
});
