/**
 * `api-keys create|list|revoke` through ApiKeysService.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCliDatabase, sql, type CliDatabase } from './cli-database.js';
import { lines, runCli } from './run-cli.js';

let db: CliDatabase;
beforeAll(async () => {
  db = await createCliDatabase({ migrate: true });
});
afterAll(() => db?.close());

interface Key {
  id: string;
  name: string;
  prefix: string;
  revokedAt: string | null;
}

describe('studio api-keys', () => {
  it('create prints the key once; list shows it without the key; revoke revokes it', async () => {
    const created = await runCli(['api-keys', 'create', '--name', 'ci'], db.env);
    expect(created.code, created.stderr).toBe(0);
    const [key, ...rest] = lines(created.stdout);
    expect(rest).toEqual([]);
    expect(key).toMatch(/^\S{24,}$/);
    expect(lines(created.stderr)[0]).toMatch(/^database: /);
    expect(lines(created.stderr)[1]).toMatch(/^created read api key [0-9a-f-]{36} "ci" .*shown once/);

    const listed = await runCli(['api-keys', 'list', '--json'], db.env);
    expect(listed.code, listed.stderr).toBe(0);
    const keys = JSON.parse(listed.stdout) as Key[];
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({ name: 'ci', scope: 'read', revokedAt: null });
    expect(key!.startsWith(keys[0]!.prefix)).toBe(true);
    expect(listed.stdout).not.toContain(key);
    // only a hash is stored
    const stored = await db.inspect((engine) => sql(engine, 'SELECT row_to_json(k)::text AS r FROM api_keys k'));
    expect(JSON.stringify(stored)).not.toContain(key);

    const table = await runCli(['api-keys', 'list'], db.env);
    expect(table.stdout).toMatch(/ci\s+read\s+\S+\s+\S+\s+-\s+active/);

    // not on a terminal: refused without --yes, nothing revoked
    const refused = await runCli(['api-keys', 'revoke', keys[0]!.id], db.env);
    expect(refused.code).toBe(2);
    expect(lines(refused.stderr).at(-1)).toBe(
      `error: refusing to revoke api key ${keys[0]!.id} "ci" without confirmation: not on a terminal; pass --yes to confirm`,
    );
    expect((JSON.parse((await runCli(['api-keys', 'list', '--json'], db.env)).stdout) as Key[])[0]!.revokedAt).toBeNull();

    const revoked = await runCli(['api-keys', 'revoke', keys[0]!.id, '--yes'], db.env);
    expect(revoked.code, revoked.stderr).toBe(0);
    expect(revoked.stdout).toContain(`revoked api key ${keys[0]!.id} "ci"`);
    const after = JSON.parse((await runCli(['api-keys', 'list', '--json'], db.env)).stdout) as Key[];
    expect(after[0]!.revokedAt).not.toBeNull();
  });

  it('create --scope admin makes an admin key; another scope is a one-line error', async () => {
    const admin = await runCli(['api-keys', 'create', '--name', 'ops', '--scope', 'admin'], db.env);
    expect(admin.code, admin.stderr).toBe(0);
    expect(lines(admin.stderr).find((l) => l.startsWith('created '))).toMatch(/^created admin api key /);
    const keys = JSON.parse((await runCli(['api-keys', 'list', '--json'], db.env)).stdout) as (Key & { scope: string })[];
    expect(keys.find((k) => k.name === 'ops')?.scope).toBe('admin');
    const bad = await runCli(['api-keys', 'create', '--name', 'x', '--scope', 'root'], db.env);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/--scope.*root|root.*invalid|Allowed choices/i);
  });

  it('revoke of a malformed or unknown id is a one-line error', async () => {
    const malformed = await runCli(['api-keys', 'revoke', 'nope'], db.env);
    expect(malformed.code).toBe(1);
    expect(lines(malformed.stderr).at(-1)).toBe('error: Invalid input: id: must be a UUID');
    const unknown = await runCli(['api-keys', 'revoke', '00000000-0000-4000-8000-000000000000'], db.env);
    expect(unknown.code).toBe(1);
    expect(lines(unknown.stderr).at(-1)).toBe('error: api key 00000000-0000-4000-8000-000000000000 was not found');
  });

  it('create with an empty name is a one-line error', async () => {
    const run = await runCli(['api-keys', 'create', '--name', '  '], db.env);
    expect(run.code).toBe(1);
    expect(lines(run.stderr)).toHaveLength(2); // database: ..., error: ...
    expect(lines(run.stderr)[1]).toMatch(/^error: Invalid input: name: /);
  });
});
