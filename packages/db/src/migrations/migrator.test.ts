import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isQueryError } from '../errors/index.js';
import { createTestEngine, type TestEngine } from '../testing/test-engine.js';
import { allMigrations } from './all-migrations.js';
import { migrateDown, migrateUp, migrationStatus } from './migrator.js';

let engine: TestEngine;

beforeAll(async () => {
  engine = await createTestEngine();
});
afterAll(async () => {
  await engine.close();
});

async function tables(): Promise<string[]> {
  const c = await engine.acquire();
  try {
    const r = await c.query<{ t: string }>(
      `SELECT table_name AS t FROM information_schema.tables WHERE table_schema = current_schema() AND table_name <> 'schema_migrations' ORDER BY 1`,
    );
    return r.rows.map((x) => x.t);
  } finally {
    engine.release(c);
  }
}

async function queueSchemaExists(): Promise<boolean> {
  const c = await engine.acquire();
  try {
    const r = await c.query(`SELECT 1 FROM information_schema.schemata WHERE schema_name = 'pgboss'`);
    return r.rowCount === 1;
  } finally {
    engine.release(c);
  }
}

describe('migrations', () => {
  const names = allMigrations.map((m) => m.name);

  it('have unique, ordered names', () => {
    expect(new Set(names).size).toBe(names.length);
    expect([...names].sort()).toEqual(names);
  });

  it('create the domain tables, api_keys, the run queue and model_providers; down reverts each; up re-applies', async () => {
    expect(await migrationStatus(engine)).toEqual({ executed: names, pending: [] });
    expect(await tables()).toEqual([
      'agent_functions',
      'agents',
      'api_keys',
      'audit_events',
      'auth_failures',
      'deployment_functions',
      'deployments',
      'functions',
      'mcp_health_checks',
      'mcp_servers',
      'model_providers',
      'run_events',
      'run_steps',
      'runs',
      'thread_messages',
      'threads',
      'workflows',
    ]);
    expect(await queueSchemaExists()).toBe(true);
    const reverted: string[] = [];
    expect(await migrateDown(engine, { to: 0, onMigrated: (n) => reverted.push(n) })).toEqual([...names].reverse());
    expect(reverted).toEqual([...names].reverse());
    expect(await tables()).toEqual([]);
    expect(await queueSchemaExists()).toBe(false);
    expect((await migrationStatus(engine)).pending).toEqual(names);
    expect(await migrateUp(engine)).toEqual(names);
    expect(await migrateUp(engine)).toEqual([]); // idempotent
    expect(await tables()).toHaveLength(17);
    expect(await queueSchemaExists()).toBe(true);
  });

  it('enforce the deployments CHECK: exactly one of agent or workflow', async () => {
    const c = await engine.acquire();
    try {
      const error = await c
        .query(`INSERT INTO deployments (name) VALUES ('no-target')`)
        .catch((e: unknown) => e as { constraint?: string });
      expect((error as { constraint?: string }).constraint).toBe('deployments_target_check');
    } finally {
      engine.release(c);
    }
  });

  it('0025: a thread belongs to one deployment (unique key per deployment, cascade), its key is checked, messages go with it', async () => {
    const c = await engine.acquire();
    try {
      const { rows: [agent] } = await c.query<{ id: string }>(`INSERT INTO agents (name, model) VALUES ('threads-agent', 'p/m') RETURNING id`);
      const { rows: [a] } = await c.query<{ id: string }>(`INSERT INTO deployments (name, agent_id) VALUES ('thread-a', $1) RETURNING id`, [agent!.id]);
      const { rows: [b] } = await c.query<{ id: string }>(`INSERT INTO deployments (name, agent_id) VALUES ('thread-b', $1) RETURNING id`, [agent!.id]);
      const { rows: [t] } = await c.query<{ id: string }>(`INSERT INTO threads (deployment_id, key) VALUES ($1, 'chat-1') RETURNING id`, [a!.id]);
      await c.query(`INSERT INTO threads (deployment_id, key) VALUES ($1, 'chat-1')`, [b!.id]); // the same key elsewhere: another thread
      const duplicate = await c.query(`INSERT INTO threads (deployment_id, key) VALUES ($1, 'chat-1')`, [a!.id]).catch((e: unknown) => e as { constraint?: string });
      expect((duplicate as { constraint?: string }).constraint).toBe('threads_deployment_key');
      const bad = await c.query(`INSERT INTO threads (deployment_id, key) VALUES ($1, 'no spaces')`, [a!.id]).catch((e: unknown) => e as { constraint?: string });
      expect((bad as { constraint?: string }).constraint).toBe('threads_key_check');
      await c.query(`INSERT INTO thread_messages (thread_id, position, message) VALUES ($1, 0, '{"role":"user","content":"hi"}')`, [t!.id]);
      await c.query(`DELETE FROM deployments WHERE id = $1`, [a!.id]);
      const { rows } = await c.query(`SELECT 1 FROM thread_messages WHERE thread_id = $1`, [t!.id]);
      expect(rows).toEqual([]);
      await c.query(`DELETE FROM deployments WHERE id = $1`, [b!.id]);
      await c.query(`DELETE FROM agents WHERE id = $1`, [agent!.id]);
    } finally {
      engine.release(c);
    }
  });

  it('roll back completely when a migration fails', async () => {
    await migrateDown(engine, { to: '0009-create-runs' }); // runs and everything after it
    const tail = names.slice(names.indexOf('0009-create-runs'));
    const c = await engine.acquire();
    try {
      await c.query(`CREATE TABLE runs (id int)`); // makes 0009 fail
    } finally {
      engine.release(c);
    }
    const error = await migrateUp(engine).catch((e: unknown) => e);
    expect(isQueryError(error)).toBe(true);
    expect((await migrationStatus(engine)).pending).toEqual(tail);
    const d = await engine.acquire();
    try {
      await d.query('DROP TABLE runs');
    } finally {
      engine.release(d);
    }
    expect(await migrateUp(engine)).toEqual(tail);
  });
});
