/**
 * `register-test-hybrid-workflow`: twice = once, row for row.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCliDatabase, snapshot, sql, type CliDatabase } from './cli-database.js';
import { runCli } from './run-cli.js';

let db: CliDatabase;
beforeAll(async () => {
  db = await createCliDatabase({ migrate: true });
});
afterAll(() => db?.close());

interface Report {
  rows: Array<{ kind: string; name: string; id: string; action: string; versionNumber?: number }>;
  validation: { valid: boolean };
  published: { versionNumber: number; definition: { nodes: Array<{ type: string }> } };
  unchanged: boolean;
}

describe('studio register-test-hybrid-workflow', () => {
  it('creates, validates and publishes once; a second run changes nothing', async () => {
    const first = await runCli(['register-test-hybrid-workflow', '--json'], db.env);
    expect(first.code, first.stderr).toBe(0);
    const report = JSON.parse(first.stdout) as Report;
    expect(report.validation.valid).toBe(true);
    expect(report.unchanged).toBe(false);
    expect(report.published.versionNumber).toBe(1);
    expect(new Set(report.published.definition.nodes.map((n) => n.type))).toEqual(new Set(['agent', 'function', 'condition']));
    expect(report.rows.map((r) => [r.kind, r.action])).toEqual([
      ['mcp_server', 'created'],
      ['agent', 'created'],
      ['agent', 'created'],
      ['function', 'created'],
      ['function', 'created'],
      ['workflow', 'created'],
      ['workflow_version', 'published'],
    ]);
    const once = await db.inspect(snapshot);
    expect(once.counts).toMatchObject({ agents: 2, functions: 2, mcp_servers: 1, workflows: 2 });

    const second = await runCli(['register-test-hybrid-workflow'], db.env);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toContain('workflow "test-hybrid-workflow" version 1 (nothing changed)');
    expect(second.stdout).not.toContain('created');
    expect(await db.inspect(snapshot)).toEqual(once);
  });

  it('puts back a hand-edited draft without publishing when it matches the latest version', async () => {
    const before = await db.inspect(snapshot);
    await db.inspect((engine) =>
      sql(engine, "UPDATE workflows SET definition = jsonb_set(definition, '{nodes,0,name}', '\"Edited\"') WHERE published_from_id IS NULL"),
    );
    const run = await runCli(['register-test-hybrid-workflow', '--json'], db.env);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.rows.find((r) => r.kind === 'workflow')?.action).toBe('updated');
    expect(report.rows.find((r) => r.kind === 'workflow_version')?.action).toBe('unchanged');
    expect(report.published.versionNumber).toBe(1);
    expect((await db.inspect(snapshot)).counts).toEqual(before.counts);
  });

  it('re-creates a row that was deleted and publishes version 2 referring to it', async () => {
    await db.inspect((engine) => sql(engine, "DELETE FROM functions WHERE name = 'test_hybrid_current_time'"));
    const run = await runCli(['register-test-hybrid-workflow', '--json'], db.env);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.rows.filter((r) => r.action !== 'reused').map((r) => [r.kind, r.name, r.action])).toEqual([
      ['function', 'test_hybrid_current_time', 'created'],
      ['workflow', 'test-hybrid-workflow', 'updated'],
      ['workflow_version', 'test-hybrid-workflow', 'published'],
    ]);
    expect(report.published.versionNumber).toBe(2);
    const again = await runCli(['register-test-hybrid-workflow', '--json'], db.env);
    expect((JSON.parse(again.stdout) as Report).unchanged).toBe(true);
  });
});
