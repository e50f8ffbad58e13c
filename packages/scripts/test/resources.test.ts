/**
 * `studio agents|functions|mcp|workflows|deployments list|get|create|delete` through the SDK
 * services, against a database of this file's own.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCliDatabase, snapshot, sql, type CliDatabase } from './cli-database.js';
import { lines, runCli } from './run-cli.js';

let db: CliDatabase;
let dir: string;
beforeAll(async () => {
  db = await createCliDatabase({ migrate: true });
  dir = await mkdtemp(join(tmpdir(), 'studio-resources-'));
});
afterAll(async () => {
  await db?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function json<T>(args: string[]): Promise<T> {
  const run = await runCli([...args, '--json'], db.env);
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as T;
}

interface Row {
  id: string;
  name: string;
}

describe('resources from the command line', () => {
  it('agents: create from flags, list, get, delete (refused off a terminal without --yes)', async () => {
    const created = await json<Row & { model: string; temperature: number }>([
      'agents', 'create', '--name', 'support', '--model', 'gpt-4o-mini', '--temperature', '0.2',
    ]);
    expect(created).toMatchObject({ name: 'support', model: 'gpt-4o-mini', temperature: 0.2 });

    const page = await json<{ data: Row[]; pagination: { total: number } }>(['agents', 'list']);
    expect(page.data.map((a) => a.name)).toContain('support');
    const table = await runCli(['agents', 'list'], db.env);
    expect(lines(table.stdout)[0]).toMatch(/^id\s+name\s+model\s+status\s+created$/);

    const got = await runCli(['agents', 'get', created.id], db.env);
    expect(got.code, got.stderr).toBe(0);
    expect(got.stdout).toContain('name: support'); // YAML
    expect(await json<Row>(['agents', 'get', created.id])).toEqual(created);

    const refused = await runCli(['agents', 'delete', created.id], db.env);
    expect(refused.code).toBe(2);
    expect(lines(refused.stderr).at(-1)).toBe(
      `error: refusing to delete agent ${created.id} "support" without confirmation: not on a terminal; pass --yes to confirm`,
    );
    expect((await runCli(['agents', 'get', created.id], db.env)).code).toBe(0);

    expect(await json(['agents', 'delete', created.id, '--yes'])).toEqual({ deleted: { id: created.id, name: 'support' } });
    const gone = await runCli(['agents', 'get', created.id], db.env);
    expect(gone.code).toBe(1);
    expect(lines(gone.stderr).at(-1)).toMatch(/^error: agent .* was not found$/);
  });

  it('create from a YAML or JSON file, flags winning over the file', async () => {
    const yamlFile = join(dir, 'agent.yaml');
    await writeFile(yamlFile, 'name: from-file\nmodel: gpt-4o\ninstructions: |\n  Be brief.\n');
    const fromYaml = await json<Row & { model: string; instructions: string }>(['agents', 'create', '--file', yamlFile, '--model', 'gpt-4o-mini']);
    expect(fromYaml).toMatchObject({ name: 'from-file', model: 'gpt-4o-mini', instructions: 'Be brief.\n' });

    const jsonFile = join(dir, 'workflow.json');
    await writeFile(jsonFile, JSON.stringify({ name: 'wf-from-file', description: 'empty draft' }));
    const wf = await json<Row & { description: string }>(['workflows', 'create', '-f', jsonFile]);
    expect(wf).toMatchObject({ name: 'wf-from-file', description: 'empty draft' });
    expect((await json<{ data: Row[] }>(['workflows', 'list'])).data.map((w) => w.name)).toContain('wf-from-file');
  });

  it('invalid input changes nothing and names the field (or the file)', async () => {
    const before = await db.inspect(snapshot);
    const missing = await runCli(['agents', 'create', '--name', 'no-model'], db.env);
    expect(missing.code).toBe(1);
    expect(lines(missing.stderr).at(-1)).toMatch(/^error: Invalid input: model: /);

    const bad = join(dir, 'bad.yaml');
    await writeFile(bad, 'name: [unclosed\n');
    const unparsable = await runCli(['agents', 'create', '--file', bad], db.env);
    expect(unparsable.code).toBe(1);
    expect(lines(unparsable.stderr).at(-1)).toMatch(/^error: .*bad\.yaml: not valid YAML/);

    const badNumber = await runCli(['agents', 'create', '--name', 'n', '--model', 'm', '--temperature', 'warm'], db.env);
    expect(badNumber.code).toBe(2);
    expect(lines(badNumber.stderr).at(-1)).toBe('error: --temperature must be a number, got "warm"');
    expect(await db.inspect(snapshot)).toEqual(before);
  });

  it('mcp add (secrets encrypted and masked), functions and deployments', async () => {
    const server = await json<Row & { headers: Record<string, string>; enabled: boolean }>([
      'mcp', 'add', '--name', 'docs', '--transport', 'streamable_http', '--url', 'http://127.0.0.1:9/mcp',
      '--header', 'Authorization=Bearer cli-secret', '--disabled',
    ]);
    expect(server).toMatchObject({ name: 'docs', enabled: false });
    expect(JSON.stringify(server)).not.toContain('cli-secret');
    const stored = await db.inspect((engine) => sql<{ h: string }>(engine, `SELECT headers_encrypted AS h FROM mcp_servers WHERE name = 'docs'`));
    expect(stored[0]!.h).toMatch(/^v2:/);
    expect((await runCli(['mcp', 'list'], db.env)).stdout).toMatch(/docs\s+streamable_http\s+http:\/\/127\.0\.0\.1:9\/mcp\s+no\s+unknown/);

    const tool = await json<Row & { kind: string }>([
      'functions', 'create', '--name', 'docs_search', '--kind', 'mcp_tool', '--mcp-server-id', server.id, '--mcp-tool-name', 'search',
    ]);
    expect(tool).toMatchObject({ kind: 'mcp_tool' });
    const builtin = await json<Row & { config: unknown }>(['functions', 'create', '--name', 'echo_cli', '--kind', 'builtin', '--builtin', 'echo']);
    expect(builtin.config).toEqual({ name: 'echo' });

    const agent = await json<Row>(['agents', 'create', '--name', 'deployed', '--model', 'gpt-4o-mini']);
    const deployment = await json<Row & { agentId: string; status: string }>(['deployments', 'create', '--name', 'bot', '--agent-id', agent.id]);
    expect(deployment).toMatchObject({ agentId: agent.id, status: 'draft' });
    expect((await json<{ data: Row[] }>(['deployments', 'list'])).data.map((d) => d.name)).toEqual(['bot']);
    expect(await json(['deployments', 'delete', deployment.id, '--yes'])).toEqual({ deleted: { id: deployment.id, name: 'bot' } });
    // the SDK refuses to delete a server its functions still use, with a one-line reason
    const inUse = await runCli(['mcp', 'delete', server.id, '--yes'], db.env);
    expect(inUse.code).toBe(1);
    expect(lines(inUse.stderr).at(-1)).toMatch(/^error: 1 function\(s\) still use MCP server .*; delete them first$/);
    expect(await json(['functions', 'delete', tool.id, '--yes'])).toMatchObject({ deleted: { name: 'docs_search' } });
    expect(await json(['mcp', 'delete', server.id, '--yes'])).toMatchObject({ deleted: { name: 'docs' } });
  });

  it.each([['agents'], ['functions'], ['mcp'], ['workflows'], ['deployments']])('%s: every command has --help', async (group) => {
    for (const command of ['list', 'get', 'create', 'delete']) {
      const run = await runCli([group, command, '--help']);
      expect(run.code, `${group} ${command}`).toBe(0);
      expect(run.stdout).toContain(`Usage: studio ${group} ${command}`);
    }
  });
});
