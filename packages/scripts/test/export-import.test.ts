/**
 * Issue 15: `studio export --out <dir>` and `studio import <dir>`, the built CLI as a child process
 * on two databases: export from one, import into an empty one gives the same resources (the
 * target's export is the same files, byte for byte; the secrets come through); importing twice
 * changes nothing; an invalid file is named with its field and changes nothing.
 */
import { cp, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { select, withSession } from '@agent-studio/db/exec';
import { McpServer } from '@agent-studio/db/models';
import { AgentsService, FunctionsService, McpServersService, WorkflowsService, DeploymentsService } from '@agent-studio/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCliDatabase, snapshot, type CliDatabase } from './cli-database.js';
import { runCli } from './run-cli.js';

const SECRETS = { MCP_SEARCH_HEADER_AUTHORIZATION: 'Bearer CLI-EXPORT-HEADER-1b2c', MCP_FILES_ARG_1: 'CLI-EXPORT-ARG-3d4e' };
const FILES = ['agents.yaml', 'deployments.yaml', 'functions.yaml', 'mcp-servers.yaml', 'model-providers.yaml', 'workflows.yaml'];

let source: CliDatabase;
let target: CliDatabase;
let dir: string;

beforeAll(async () => {
  [source, target] = await Promise.all([createCliDatabase({ migrate: true }), createCliDatabase({ migrate: true })]);
  dir = await mkdtemp(join(tmpdir(), 'studio-export-'));
  await source.inspect((engine) =>
    withSession(engine, async (s) => {
      const search = await McpServersService.createMcpServer(s, {
        name: 'search',
        transport: 'streamable_http',
        url: 'https://mcp.example.com/mcp',
        headers: { Authorization: SECRETS.MCP_SEARCH_HEADER_AUTHORIZATION },
      });
      await McpServersService.createMcpServer(s, { name: 'files', transport: 'stdio', command: 'node', args: ['--token', SECRETS.MCP_FILES_ARG_1], secretArgs: [1] });
      const tool = await FunctionsService.createFunction(s, { kind: 'mcp_tool', name: 'web_search', mcpServerId: search.id, mcpToolName: 'search' });
      const agent = await AgentsService.createAgent(s, { name: 'support', model: 'openai/gpt-4o-mini' });
      await AgentsService.attachFunction(s, agent.id, { functionId: tool.id });
      const wf = await WorkflowsService.createWorkflow(s, {
        name: 'triage',
        definition: { startNodeId: 'a', nodes: [{ id: 'a', type: 'agent', ref: agent.id }], edges: [] },
      });
      await WorkflowsService.publishWorkflow(s, wf.id, { version: wf.version });
      await DeploymentsService.createDeployment(s, { name: 'support-bot', agentId: agent.id });
    }),
  );
});
afterAll(async () => {
  await Promise.all([source?.close(), target?.close()]);
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function filesOf(path: string): Promise<Record<string, string>> {
  const names = (await readdir(path)).sort();
  return Object.fromEntries(await Promise.all(names.map(async (n) => [n, await readFile(join(path, n), 'utf8')] as const)));
}

describe('studio export / import', () => {
  it('exports one YAML file per kind, stably, with secrets as references only', async () => {
    const run = await runCli(['export', '--out', join(dir, 'a'), '--json'], source.env);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ counts: { mcpServers: 2, functions: 1, agents: 1, workflows: 1, deployments: 1 } });
    const files = await filesOf(join(dir, 'a'));
    expect(Object.keys(files)).toEqual(FILES);
    const all = Object.values(files).join('\n');
    for (const value of Object.values(SECRETS)) expect(all).not.toContain(value);
    expect(files['mcp-servers.yaml']).toContain('secretRef: MCP_SEARCH_HEADER_AUTHORIZATION');
    expect(files['agents.yaml']).toContain('- web_search');
    const again = await runCli(['export', '--out', join(dir, 'a2')], source.env);
    expect(again.code, again.stderr).toBe(0);
    expect(await filesOf(join(dir, 'a2'))).toEqual(files);
  });

  it('a new resource without its secret values: nothing is imported, the file and field are named', async () => {
    const before = await target.inspect(snapshot);
    const run = await runCli(['import', join(dir, 'a')], target.env);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('nothing was imported');
    expect(run.stderr).toContain('mcp-servers.yaml: [1] (search).headers.Authorization: secret reference MCP_SEARCH_HEADER_AUTHORIZATION has no value');
    expect(run.stderr).toContain('mcp-servers.yaml: [0] (files).args.1:');
    expect(await target.inspect(snapshot)).toEqual(before);
  });

  it('imports into an empty database (dry run first): the same resources; twice changes nothing', async () => {
    const before = await target.inspect(snapshot);
    const dry = await runCli(['import', join(dir, 'a'), '--dry-run', '--json'], { ...target.env, ...SECRETS });
    expect(dry.code, dry.stderr).toBe(0);
    expect(JSON.parse(dry.stdout)).toMatchObject({ dryRun: true, created: 6, updated: 0, unchanged: 0 });
    expect(await target.inspect(snapshot)).toEqual(before);

    const run = await runCli(['import', join(dir, 'a'), '--json'], { ...target.env, ...SECRETS });
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ dryRun: false, created: 6, updated: 0 });
    const back = await runCli(['export', '--out', join(dir, 'b')], target.env);
    expect(back.code, back.stderr).toBe(0);
    expect(await filesOf(join(dir, 'b'))).toEqual(await filesOf(join(dir, 'a')));
    const secrets = await target.inspect((engine) => withSession(engine, (s) => s.exec(select(McpServer).orderBy('name')).all()));
    expect(secrets.map((m) => [m.name, m.headers, m.argsSecret])).toEqual([
      ['files', {}, { '1': SECRETS.MCP_FILES_ARG_1 }],
      ['search', { Authorization: SECRETS.MCP_SEARCH_HEADER_AUTHORIZATION }, {}],
    ]);

    const imported = await target.inspect(snapshot);
    const twice = await runCli(['import', join(dir, 'a'), '--json'], target.env);
    expect(twice.code, twice.stderr).toBe(0);
    expect(JSON.parse(twice.stdout)).toMatchObject({ created: 0, updated: 0, unchanged: 6 });
    expect(await target.inspect(snapshot)).toEqual(imported);
  });

  it('an invalid file is named with its field and nothing changes', async () => {
    const before = await target.inspect(snapshot);
    await cp(join(dir, 'a'), join(dir, 'bad'), { recursive: true });
    const agents = await readFile(join(dir, 'bad', 'agents.yaml'), 'utf8');
    await writeFile(join(dir, 'bad', 'agents.yaml'), agents.replace('model: openai/gpt-4o-mini', 'model: ""').replace('description: null', 'description: changed'));
    const run = await runCli(['import', join(dir, 'bad')], target.env);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/agents\.yaml: \[0\] \(support\)\.model: /);
    expect(await target.inspect(snapshot)).toEqual(before);

    await writeFile(join(dir, 'bad', 'agents.yaml'), agents);
    await writeFile(join(dir, 'bad', 'functions.yaml'), '- name: [unclosed\n');
    const yaml = await runCli(['import', join(dir, 'bad')], target.env);
    expect(yaml.code).toBe(1);
    expect(yaml.stderr).toContain('functions.yaml: not valid YAML');
    expect(await target.inspect(snapshot)).toEqual(before);
  });
});
