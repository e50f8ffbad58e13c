import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isInvalidQueryError } from '../errors/index.js';
import { withSession } from '../exec/open-session.js';
import { select } from '../exec/select.js';
import { McpServer } from '../models/mcp-server.js';
import { createTestEngine, type TestEngine } from '../testing/test-engine.js';
import { claimDue, releaseClaims } from './lease-claims.js';

let engine: TestEngine;
beforeAll(async () => {
  engine = await createTestEngine();
});
afterAll(async () => {
  await engine?.close();
});

const now = new Date('2030-01-01T00:00:00.123Z');
const ago = (s: number) => new Date(now.getTime() - s * 1_000);

async function servers(dueAt: Record<string, Date>, enabled = true): Promise<Record<string, string>> {
  return withSession(engine, async (s) =>
    Object.fromEntries(
      Object.entries(dueAt).map(([name, nextCheckAt]) => [
        name,
        s.add(McpServer, { name, transport: 'streamable_http', url: 'http://127.0.0.1:1/mcp', nextCheckAt, enabled }).id,
      ]),
    ),
  );
}
const dueOf = async (id: string) => (await withSession(engine, (s) => s.get(McpServer, id)))!.nextCheckAt;
const claim = (limit: number, leaseMs = 60_000) =>
  claimDue(engine, McpServer, { due: 'nextCheckAt', where: { enabled: true }, now, limit, leaseMs });

beforeEach(async () => {
  await withSession(engine, async (s) => {
    for (const row of await s.exec(select(McpServer)).all()) s.delete(row);
  });
});

describe('claimDue', () => {
  it('claims due rows matching the filter, longest overdue first, up to the limit, and leases them', async () => {
    const ids = await servers({ recent: ago(10), oldest: ago(300), exact: now, future: new Date(now.getTime() + 1_000) });
    await servers({ off: ago(600) }, false);
    const batch = await claim(2);
    expect(batch.claims.map((c) => c.id)).toEqual([ids.oldest, ids.recent]);
    expect(batch.leaseUntil).toEqual(new Date(now.getTime() + 60_000));
    expect(await dueOf(ids.oldest!)).toEqual(batch.leaseUntil);
    expect((await claim(10)).claims.map((c) => c.id)).toEqual([ids.exact]); // the leased ones are not due
    expect((await claim(10)).claims).toEqual([]);
    expect(engine.stats().borrowed).toBe(0);
  });

  it('never hands the same row to two claims made at once', async () => {
    await servers(Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`c${i}`, ago(i)])));
    const [a, b] = await Promise.all([claim(20), claim(20)]);
    const ids = [...a.claims, ...b.claims].map((c) => c.id);
    expect(ids).toHaveLength(30);
    expect(new Set(ids).size).toBe(30);
  });

  it('refuses an attribute that is not a date, and a bad limit', async () => {
    const bad = claimDue(engine, McpServer, { due: 'name' as never, now, limit: 1, leaseMs: 1 });
    expect(isInvalidQueryError(await bad.catch((e: unknown) => e))).toBe(true);
    expect(isInvalidQueryError(await claim(-1).catch((e: unknown) => e))).toBe(true);
  });
});

describe('releaseClaims', () => {
  it('restores the exact previous value of rows still under this lease, and only those', async () => {
    const ids = await servers({ a: ago(5), b: ago(4), c: ago(3) });
    const batch = await claim(3);
    const finished = new Date(now.getTime() + 3_600_000);
    await withSession(engine, async (s) => {
      const row = (await s.get(McpServer, ids.c!))!;
      row.nextCheckAt = finished; // c was checked: its lease was replaced
      s.add(row);
    });
    expect(await releaseClaims(engine, McpServer, 'nextCheckAt', batch)).toBe(2);
    expect(await dueOf(ids.a!)).toEqual(ago(5)); // millisecond precision kept
    expect(await dueOf(ids.b!)).toEqual(ago(4));
    expect(await dueOf(ids.c!)).toEqual(finished);
    expect(await releaseClaims(engine, McpServer, 'nextCheckAt', batch, [])).toBe(0);
  });
});
