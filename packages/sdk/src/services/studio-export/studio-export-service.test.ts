import { select, withSession, type ExecSession } from '@agent-studio/db/exec';
import { Agent, AgentFunction, Deployment, McpServer, ModelProvider, StudioFunction, Workflow } from '@agent-studio/db/models';
import { mapDefinitionRefs } from './snapshot-studio.js';
import { createTestEngine, type TestEngine } from '@agent-studio/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isValidationError, type ValidationError } from '../../errors/index.js';
import { SEED_SECRETS, seedStudio } from './seed-studio.test-fixture.js';
import { StudioExportService } from './studio-export-service.js';
import type { StudioExport } from './studio-export-schemas.js';

let source: TestEngine;
let target: TestEngine;
beforeAll(async () => {
  [source, target] = await Promise.all([createTestEngine(), createTestEngine()]);
  await withSession(source, (s) => seedStudio(s));
});
afterAll(async () => {
  await Promise.all([source?.close(), target?.close()]);
});

const exportOf = (engine: TestEngine): Promise<StudioExport> => withSession(engine, (s) => StudioExportService.exportAll(s));

/** Every row of the domain tables, ids, timestamps and versions aside, secrets decrypted. */
async function rowsOf(engine: TestEngine): Promise<unknown> {
  return withSession(engine, async (s: ExecSession) => {
    const strip = (row: object) =>
      Object.fromEntries(
        Object.entries(row).filter(([k]) => !/^(id|createdAt|updatedAt|version|nextCheckAt|lastCheckedAt|deployedAt|stoppedAt|apiKeyHash|apiKeyPrefix|apiKeyRotatedAt)$/.test(k) && !k.endsWith('Id')),
      );
    const servers = await s.exec(select(McpServer).orderBy('name')).all();
    const functions = await s.exec(select(StudioFunction).orderBy('name')).all();
    const workflows = await s.exec(select(Workflow).orderBy('name').orderBy('versionNumber')).all();
    const agents = await s.exec(select(Agent).orderBy('name')).all();
    const nameOf = (type: string, id: string) => (type === 'agent' ? agents : functions).find((r) => r.id === id)?.name;
    return {
      servers: servers.map(strip),
      providers: (await s.exec(select(ModelProvider).orderBy('name')).all()).map(strip),
      functions: functions.map((f) => ({ ...strip(f), mcpServer: servers.find((m) => m.id === f.mcpServerId)?.name ?? null })),
      links: (await s.exec(select(AgentFunction).orderBy('position')).all()).length,
      agents: agents.map(strip),
      workflows: workflows.map((w) => ({
        ...strip(w),
        definition: mapDefinitionRefs(w.definition, nameOf),
        draft: w.publishedFromId === null,
        publishedAt: w.publishedAt?.toISOString() ?? null,
      })),
      deployments: (await s.exec(select(Deployment).orderBy('name')).all()).map(strip),
    };
  });
}

async function importFailure(bundle: unknown): Promise<ValidationError> {
  const error = await withSession(target, (s) => StudioExportService.importAll(s, { bundle: bundle as StudioExport })).catch((e: unknown) => e);
  if (!isValidationError(error)) throw new Error(`expected a ValidationError, got ${String(error)}`);
  return error;
}

describe('StudioExportService', () => {
  it('exports by name, stably ordered, secrets as references only', async () => {
    const bundle = await exportOf(source);
    expect(await exportOf(source)).toEqual(bundle);
    const text = JSON.stringify(bundle);
    for (const [ref, value] of Object.entries(SEED_SECRETS)) {
      expect(text).not.toContain(value);
      expect(text).toContain(`"secretRef":"${ref}"`);
    }
    for (const secret of ['URL-PASS-91ab', 'URL-TOKEN-22cd', 'svc-user']) expect(text).not.toContain(secret);
    expect(bundle.agents.map((a) => a.name)).toEqual(['archived-helper', 'support']);
    expect(bundle.agents[1]!.functions).toEqual(['web_search', 'orders']);
    expect(bundle.workflows[0]!.versions.map((v) => v.versionNumber)).toEqual([1]);
    expect(bundle.workflows[0]!.definition.nodes).toContainEqual({ id: 'triage', type: 'agent', ref: 'support' });
    expect(bundle.deployments).toMatchObject([
      { name: 'support-bot', agent: 'support', status: 'deployed', functions: [{ function: 'echo', config: { limit: 3 } }] },
      { name: 'triage-v1', workflow: 'triage', workflowVersion: 1, status: 'stopped' },
    ]);
    expect(bundle.mcpServers.find((m) => m.name === 'local-files')!.args).toEqual(['server.js', '--token', { secretRef: 'MCP_LOCAL_FILES_ARG_2' }]);
  });

  it('a new resource needs a value for each secret reference: nothing is written without', async () => {
    const error = await importFailure(await exportOf(source));
    const paths = error.issues.map((i) => i.path.join('.'));
    expect(paths).toContain('mcpServers.1.headers.Authorization');
    expect(paths).toContain('modelProviders.0.apiKey');
    expect(paths).toContain('functions.1.config.headers.Authorization');
    expect((await exportOf(target)).agents).toEqual([]);
  });

  it('dry run reports and writes nothing; the import makes the same resources, field by field; twice changes nothing', async () => {
    const bundle = await exportOf(source);
    const dry = await withSession(target, (s) => StudioExportService.importAll(s, { bundle, secrets: SEED_SECRETS, dryRun: true }));
    expect(dry).toMatchObject({ dryRun: true, created: 11, updated: 0, unchanged: 0 });
    expect((await exportOf(target)).mcpServers).toEqual([]);

    const first = await withSession(target, (s) => StudioExportService.importAll(s, { bundle, secrets: SEED_SECRETS }));
    expect(first).toMatchObject({ dryRun: false, created: 11, updated: 0, unchanged: 0 });
    expect(await exportOf(target)).toEqual(bundle);
    expect(await rowsOf(target)).toEqual(await rowsOf(source));

    const before = await withSession(target, (s) => s.executeSql('SELECT sum(version)::int AS v, max(updated_at) AS u FROM (SELECT version, updated_at FROM agents UNION ALL SELECT version, updated_at FROM mcp_servers UNION ALL SELECT version, updated_at FROM functions UNION ALL SELECT version, updated_at FROM workflows UNION ALL SELECT version, updated_at FROM deployments) t'));
    const second = await withSession(target, (s) => StudioExportService.importAll(s, { bundle, secrets: SEED_SECRETS }));
    expect(second).toMatchObject({ created: 0, updated: 0, unchanged: 11 });
    const third = await withSession(target, (s) => StudioExportService.importAll(s, { bundle })); // saved secrets kept
    expect(third).toMatchObject({ created: 0, updated: 0, unchanged: 11 });
    const after = await withSession(target, (s) => s.executeSql('SELECT sum(version)::int AS v, max(updated_at) AS u FROM (SELECT version, updated_at FROM agents UNION ALL SELECT version, updated_at FROM mcp_servers UNION ALL SELECT version, updated_at FROM functions UNION ALL SELECT version, updated_at FROM workflows UNION ALL SELECT version, updated_at FROM deployments) t'));
    expect(after).toEqual(before);
  });

  it('a change updates only that resource; a new secret value replaces the saved one', async () => {
    const bundle = await exportOf(source);
    const changed = structuredClone(bundle);
    changed.agents[1]!.instructions = 'Be very brief.';
    changed.agents[1]!.functions = ['orders'];
    const report = await withSession(target, (s) =>
      StudioExportService.importAll(s, { bundle: changed, secrets: { FUNCTION_ORDERS_HEADER_AUTHORIZATION: 'Bearer ROTATED-99ff' } }),
    );
    expect(report.changes.filter((c) => c.action !== 'unchanged')).toEqual([
      { kind: 'functions', name: 'orders', action: 'update' },
      { kind: 'agents', name: 'support', action: 'update' },
    ]);
    const fn = await withSession(target, (s) => s.exec(select(StudioFunction).where({ name: 'orders' })).one());
    expect(fn.headers).toEqual({ Authorization: 'Bearer ROTATED-99ff' });
    expect((await exportOf(target)).agents[1]).toMatchObject({ instructions: 'Be very brief.', functions: ['orders'] });
  });

  it('an invalid document names the kind, index and field, and changes nothing', async () => {
    const before = await rowsOf(target);
    const bad = structuredClone(await exportOf(source));
    bad.agents[1]!.model = '';
    bad.functions[2]!.mcpServer = 'no-such-server';
    bad.deployments[0]!.agent = 'archived-helper';
    const error = await importFailure({ ...bad, agents: [...bad.agents, { name: 'new-one', model: 'openai/x' }] });
    const paths = error.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['agents.1.model', 'functions.2.mcpServer', 'deployments.0.agent']));
    expect(error.issues.find((i) => i.path.join('.') === 'functions.2.mcpServer')!.message).toContain('no-such-server');
    const shape = await importFailure({ agents: [{ name: 'x', model: 'm', temperature: 'hot' }] });
    expect(shape.issues.map((i) => i.path.join('.'))).toEqual(['agents.0.temperature']);
    expect(await rowsOf(target)).toEqual(before);
  });
});
