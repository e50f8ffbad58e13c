import { randomUUID } from 'node:crypto';
import { select, withSession, type ExecSession } from '@agent-studio/db/exec';
import { McpHealthCheck, McpServer, StudioFunction } from '@agent-studio/db/models';
import { createTestEngine, type TestEngine } from '@agent-studio/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isConflictError, isNotFoundError } from '../../errors/index.js';
import { probeMcpServer } from '../../mcp/probe-mcp-server.js';
import {
  closedPortUrl,
  startStaticServer,
  startStreamableHttpServer,
  STDIO_SERVER_FIXTURE,
  type LoopbackServer,
} from '@agent-studio/test-servers';
import {
  mcpCheckResultSchema,
  mcpFleetHealthSchema,
  mcpHealthCheckPageSchema,
  mcpImportedFunctionSchema,
  mcpRefreshedToolsSchema,
  mcpServerPageSchema,
  mcpServerSchema,
  mcpTestConnectionResultSchema,
  mcpToolListSchema,
  type McpServerDto,
} from './mcp-servers-schemas.js';
import { McpServersService } from './mcp-servers-service.js';
import { SECRET_MASK } from './secret-mask.js';
import { failure, paths } from '../../../test/service-test-helpers.js';

const SECRET_HEADER = 'SECRET-HEADER-123';
const SECRET_ENV = 'SECRET-ENV-456';
const SECRETS = [SECRET_HEADER, SECRET_ENV];
const DEADLINE = { deadlineMs: 5_000 };

let engine: TestEngine;
let healthy: LoopbackServer;
let echoing: LoopbackServer;

/**
 * McpServersService, wrapped so that EVERY value any method returns is scanned for the secrets,
 * and every method called is recorded (the last test checks all were).
 */
const called = new Set<string>();
function assertNoSecrets(value: unknown): void {
  const text = JSON.stringify(value) ?? '';
  for (const secret of SECRETS) expect(text, 'a service returned a secret').not.toContain(secret);
}
const svc = new Proxy(McpServersService, {
  get(target, key: string) {
    const method = (target as unknown as Record<string, ((...args: unknown[]) => Promise<unknown>) | undefined>)[key];
    if (typeof method !== 'function') return method;
    return async (...args: unknown[]) => {
      called.add(key);
      const result = await method(...args);
      assertNoSecrets(result);
      return result;
    };
  },
});

beforeAll(async () => {
  engine = await createTestEngine();
  healthy = await startStreamableHttpServer({ name: 'healthy-mcp', toolCount: 3 });
  // answers every request with 401 and echoes what it was sent (secret headers included)
  echoing = await startStaticServer(401, { 'content-type': 'text/plain' }, (req) => `denied: ${JSON.stringify(req.headers)}`);
});
afterAll(async () => {
  await healthy?.close();
  await echoing?.close();
  await engine?.close();
});

const run = <T>(fn: (s: ExecSession) => Promise<T>): Promise<T> => withSession(engine, fn);
let counter = 0;
const uniqueName = (base = 'mcp'): string => `${base}-${(counter += 1)}`;

const createHttp = (url: string, extra: Record<string, unknown> = {}): Promise<McpServerDto> =>
  run((s) =>
    svc.createMcpServer(s, {
      name: uniqueName('http'),
      transport: 'streamable_http',
      url,
      headers: { Authorization: `Bearer ${SECRET_HEADER}`, 'X-Team': 'blue' },
      ...extra,
    }),
  );

const createStdio = (mode: 'ok' | 'crash'): Promise<McpServerDto> =>
  run((s) =>
    svc.createMcpServer(s, {
      name: uniqueName('stdio'),
      transport: 'stdio',
      command: process.execPath,
      args: [STDIO_SERVER_FIXTURE, mode],
      env: { TOKEN: SECRET_ENV },
    }),
  );

const savedRow = (id: string): Promise<McpServer | null> => run((s) => s.get(McpServer, id));

describe('createMcpServer', () => {
  it('creates an HTTP server with masked headers and stores the real values encrypted', async () => {
    const dto = await createHttp(healthy.url, { description: 'search tools', checkIntervalSeconds: 30 });
    expect(mcpServerSchema.parse(dto)).toEqual(dto);
    expect(dto).toMatchObject({
      transport: 'streamable_http',
      url: healthy.url,
      command: null,
      args: [],
      headers: { Authorization: SECRET_MASK, 'X-Team': SECRET_MASK },
      env: {},
      enabled: true,
      status: 'unknown',
      checkIntervalSeconds: 30,
      consecutiveFailures: 0,
      toolCount: null,
      version: 1,
    });
    const row = await savedRow(dto.id);
    expect(row?.headers).toEqual({ Authorization: `Bearer ${SECRET_HEADER}`, 'X-Team': 'blue' });

    const connection = await engine.acquire();
    try {
      const raw = await connection.query<{ headers_encrypted: string | null }>(
        'SELECT headers_encrypted FROM mcp_servers WHERE id = $1',
        [dto.id],
      );
      expect(raw.rows[0]?.headers_encrypted).toBeTruthy();
      expect(raw.rows[0]?.headers_encrypted).not.toContain(SECRET_HEADER);
    } finally {
      engine.release(connection);
    }
  });

  it('creates a stdio server with masked env', async () => {
    const dto = await createStdio('ok');
    expect(dto).toMatchObject({ transport: 'stdio', url: null, command: process.execPath, env: { TOKEN: SECRET_MASK }, headers: {} });
    expect((await savedRow(dto.id))?.env).toEqual({ TOKEN: SECRET_ENV });
  });

  it('validates the endpoint per transport, with paths', async () => {
    const create = (input: Record<string, unknown>) =>
      failure(run((s) => svc.createMcpServer(s, { name: uniqueName(), ...input } as never)));
    expect(paths(await create({ transport: 'streamable_http' }))).toEqual([['url']]);
    expect(paths(await create({ transport: 'sse', url: 'ftp://example.com/sse' }))).toEqual([['url']]);
    expect(paths(await create({ transport: 'sse', url: 'not a url' }))).toEqual([['url']]);
    expect(paths(await create({ transport: 'stdio' }))).toEqual([['command'], ['args']]);
    expect(paths(await create({ transport: 'stdio', command: 'node', args: [], url: 'http://x/mcp' }))).toEqual([['url']]);
    expect(paths(await create({ transport: 'streamable_http', url: 'http://x/mcp', command: 'node' }))).toEqual([['command']]);
    expect(paths(await create({ transport: 'websocket', url: 'http://x/mcp' }))).toContainEqual(['transport']);
    expect(paths(await create({ transport: 'sse', url: 'http://x/sse', headers: { Authorization: SECRET_MASK } }))).toEqual([
      ['headers', 'Authorization'],
    ]);
    const badHeader = paths(await create({ transport: 'sse', url: 'http://x/sse', headers: { 'Bad Header': 'x' } }));
    expect(badHeader[0]?.[0]).toBe('headers');
    expect(paths(await create({ transport: 'sse', url: 'http://x/sse', checkIntervalSeconds: 0 }))).toEqual([
      ['checkIntervalSeconds'],
    ]);
    expect(paths(await failure(run((s) => svc.createMcpServer(s, { name: '', transport: 'sse', url: 'http://x/sse' }))))).toEqual([
      ['name'],
    ]);
  });

  it('refuses a taken name', async () => {
    const first = await createHttp('http://127.0.0.1:9/mcp');
    const e = await failure(run((s) => svc.createMcpServer(s, { name: first.name, transport: 'sse', url: 'http://127.0.0.1:9/sse' })));
    expect(isConflictError(e)).toBe(true);
    expect(e).toMatchObject({ reason: 'unique', fields: ['name'] });
  });
});

describe('getMcpServer', () => {
  it('returns the masked server, NotFoundError or ValidationError([id])', async () => {
    const dto = await createHttp('http://127.0.0.1:9/mcp');
    expect(await run((s) => svc.getMcpServer(s, dto.id))).toEqual(dto);
    const id = randomUUID();
    expect(await failure(run((s) => svc.getMcpServer(s, id)))).toMatchObject({ code: 'NOT_FOUND', resource: 'MCP server', id });
    expect(paths(await failure(run((s) => svc.getMcpServer(s, 'x'))))).toEqual([['id']]);
  });
});

describe('listMcpServers', () => {
  const tag = `zz-list-${randomUUID().slice(0, 8)}`;
  beforeAll(async () => {
    await run((s) => svc.createMcpServer(s, { name: `${tag}-b`, transport: 'sse', url: 'http://127.0.0.1:9/sse', enabled: false }));
    await run((s) =>
      svc.createMcpServer(s, { name: `${tag}-a`, description: '100%_done', transport: 'stdio', command: 'node', args: [] }),
    );
    await run((s) => svc.createMcpServer(s, { name: `${tag}-c`, transport: 'streamable_http', url: 'http://127.0.0.1:9/mcp' }));
  });

  it('searches, sorts and pages', async () => {
    const page = await run((s) => svc.listMcpServers(s, { search: tag }));
    expect(mcpServerPageSchema.parse(page)).toEqual(page);
    expect(page.data.map((d) => d.name)).toEqual([`${tag}-a`, `${tag}-b`, `${tag}-c`]);
    expect(page.pagination).toEqual({ total: 3, limit: 20, offset: 0 });
    const desc = await run((s) => svc.listMcpServers(s, { search: tag, sort: '-name', limit: 2, offset: 1 }));
    expect(desc.data.map((d) => d.name)).toEqual([`${tag}-b`, `${tag}-a`]);
    expect(desc.pagination).toEqual({ total: 3, limit: 2, offset: 1 });
    // % and _ are literal
    expect((await run((s) => svc.listMcpServers(s, { search: '100%_' }))).data.map((d) => d.name)).toEqual([`${tag}-a`]);
    expect((await run((s) => svc.listMcpServers(s, { search: '1%0' }))).pagination.total).toBe(0);
  });

  it('filters by transport, enabled and status', async () => {
    const stdio = await run((s) => svc.listMcpServers(s, { search: tag, transport: 'stdio' }));
    expect(stdio.data.map((d) => d.name)).toEqual([`${tag}-a`]);
    const disabled = await run((s) => svc.listMcpServers(s, { search: tag, enabled: 'false' }));
    expect(disabled.data.map((d) => d.name)).toEqual([`${tag}-b`]);
    const enabled = await run((s) => svc.listMcpServers(s, { search: tag, enabled: true }));
    expect(enabled.pagination.total).toBe(2);
    const unknown = await run((s) => svc.listMcpServers(s, { search: tag, status: 'unknown' }));
    expect(unknown.pagination.total).toBe(3);
    const healthyOnes = await run((s) => svc.listMcpServers(s, { search: tag, status: 'healthy' }));
    expect(healthyOnes.pagination.total).toBe(0);
  });

  it('rejects bad filters with paths', async () => {
    const e = await failure(
      run((s) => svc.listMcpServers(s, { sort: 'headers', status: 'up', enabled: 'yes', transport: 'ws', limit: 0 } as never)),
    );
    expect(paths(e)).toEqual(expect.arrayContaining([['sort'], ['status'], ['enabled'], ['transport'], ['limit']]));
  });
});

describe('updateMcpServer', () => {
  it('keeps omitted secrets, keeps masked values, replaces and removes the rest', async () => {
    const dto = await createHttp('http://127.0.0.1:9/mcp');
    const renamed = await run((s) => svc.updateMcpServer(s, dto.id, { version: dto.version, name: uniqueName('renamed') }));
    expect(renamed.version).toBe(dto.version + 1);
    expect((await savedRow(dto.id))?.headers).toEqual({ Authorization: `Bearer ${SECRET_HEADER}`, 'X-Team': 'blue' });

    // the DTO's own headers sent back unchanged keep every value
    const same = await run((s) => svc.updateMcpServer(s, dto.id, { version: renamed.version, headers: renamed.headers }));
    expect((await savedRow(dto.id))?.headers).toEqual({ Authorization: `Bearer ${SECRET_HEADER}`, 'X-Team': 'blue' });

    const changed = await run((s) =>
      svc.updateMcpServer(s, dto.id, { version: same.version, headers: { Authorization: SECRET_MASK, 'X-Env': 'prod' } }),
    );
    expect(changed.headers).toEqual({ Authorization: SECRET_MASK, 'X-Env': SECRET_MASK });
    expect((await savedRow(dto.id))?.headers).toEqual({ Authorization: `Bearer ${SECRET_HEADER}`, 'X-Env': 'prod' });

    const cleared = await run((s) => svc.updateMcpServer(s, dto.id, { version: changed.version, headers: null }));
    expect(cleared.headers).toEqual({});
    expect((await savedRow(dto.id))?.headers).toEqual({});
  });

  it('refuses a masked value with nothing to keep', async () => {
    const dto = await createHttp('http://127.0.0.1:9/mcp');
    const e = await failure(run((s) => svc.updateMcpServer(s, dto.id, { version: dto.version, headers: { 'X-New': SECRET_MASK } })));
    expect(paths(e)).toEqual([['headers', 'X-New']]);
  });

  it('resets the health when the connection changes, and validates the new endpoint', async () => {
    const dto = await createHttp(healthy.url);
    const { server: checked } = await run((s) => svc.checkNow(s, dto.id, DEADLINE));
    expect(checked.status).toBe('healthy');

    const described = await run((s) => svc.updateMcpServer(s, dto.id, { version: checked.version, description: 'same endpoint' }));
    expect(described.status).toBe('healthy');

    const moved = await run((s) => svc.updateMcpServer(s, dto.id, { version: described.version, url: `${healthy.url}?v=2` }));
    expect(moved).toMatchObject({ status: 'unknown', consecutiveFailures: 0, url: `${healthy.url}?v=${encodeURIComponent(SECRET_MASK)}` });

    const toStdio = await failure(run((s) => svc.updateMcpServer(s, dto.id, { version: moved.version, transport: 'stdio' })));
    expect(paths(toStdio)).toEqual([['command'], ['args']]);
    const stdio = await run((s) =>
      svc.updateMcpServer(s, dto.id, { version: moved.version, transport: 'stdio', command: 'node', args: ['x.js'], env: { A: 'b' } }),
    );
    expect(stdio).toMatchObject({ transport: 'stdio', url: null, command: 'node', args: ['x.js'], env: { A: SECRET_MASK } });
    const backToHttp = await failure(run((s) => svc.updateMcpServer(s, dto.id, { version: stdio.version, transport: 'sse' })));
    expect(paths(backToHttp)).toEqual([['url']]);
    const badField = await failure(run((s) => svc.updateMcpServer(s, dto.id, { version: stdio.version, url: 'http://x/mcp' })));
    expect(paths(badField)).toEqual([['url']]);
  });

  it('refuses a stale version, a taken name, a missing version and unknown ids', async () => {
    const a = await createHttp('http://127.0.0.1:9/mcp');
    const b = await createHttp('http://127.0.0.1:9/mcp');
    await run((s) => svc.updateMcpServer(s, b.id, { version: b.version, enabled: false }));
    const stale = await failure(run((s) => svc.updateMcpServer(s, b.id, { version: b.version, enabled: true })));
    expect(stale).toMatchObject({ code: 'CONFLICT', reason: 'stale_version' });
    const taken = await failure(run((s) => svc.updateMcpServer(s, b.id, { version: b.version + 1, name: a.name })));
    expect(taken).toMatchObject({ reason: 'unique', fields: ['name'] });
    expect(paths(await failure(run((s) => svc.updateMcpServer(s, b.id, {} as never))))).toEqual([['version']]);
    expect(isNotFoundError(await failure(run((s) => svc.updateMcpServer(s, randomUUID(), { version: 1 }))))).toBe(true);
  });
});

describe('health checks', () => {
  it('checkNow records a healthy check of a real server', async () => {
    const dto = await createHttp(healthy.url);
    const before = Date.now();
    const result = await run((s) => svc.checkNow(s, dto.id, DEADLINE));
    expect(mcpCheckResultSchema.parse(result)).toEqual(result);
    const { server, check } = result;
    expect(check).toMatchObject({ mcpServerId: dto.id, status: 'healthy', toolCount: 3, errorKind: null, error: null });
    expect(server).toMatchObject({
      status: 'healthy',
      toolCount: 3,
      consecutiveFailures: 0,
      lastError: null,
      serverInfo: { name: 'healthy-mcp', version: '1.2.3' },
      headers: { Authorization: SECRET_MASK, 'X-Team': SECRET_MASK },
    });
    expect(server.protocolVersion).toBeTruthy();
    expect(server.lastLatencyMs).toBeGreaterThanOrEqual(0);
    expect(Date.parse(server.lastCheckedAt!)).toBeGreaterThanOrEqual(before - 1_000);
    expect(server.lastSuccessAt).toBe(server.lastCheckedAt);
    expect(Date.parse(server.nextCheckAt)).toBeGreaterThan(Date.now() + 30_000);

    const history = await run((s) => svc.listHealthChecks(s, dto.id));
    expect(mcpHealthCheckPageSchema.parse(history)).toEqual(history);
    expect(history.data).toEqual([check]);
  });

  it('checkNow on a closed port counts failures up to unreachable and keeps the history newest first', async () => {
    const dto = await createHttp(await closedPortUrl());
    const first = await run((s) => svc.checkNow(s, dto.id, DEADLINE));
    expect(first.check).toMatchObject({ status: 'degraded', errorKind: 'refused' });
    expect(first.server).toMatchObject({ status: 'degraded', consecutiveFailures: 1, lastSuccessAt: null });
    expect(first.server.lastError).toMatch(/^refused: /);
    await run((s) => svc.checkNow(s, dto.id, DEADLINE));
    const third = await run((s) => svc.checkNow(s, dto.id, DEADLINE));
    expect(third.server).toMatchObject({ status: 'unreachable', consecutiveFailures: 3 });

    const history = await run((s) => svc.listHealthChecks(s, dto.id, { limit: 2 }));
    expect(history.pagination).toEqual({ total: 3, limit: 2, offset: 0 });
    expect(history.data[0]).toEqual(third.check);
    expect(history.data.map((c) => c.status)).toEqual(['unreachable', 'degraded']);
    const checkedAt = history.data.map((c) => Date.parse(c.checkedAt));
    expect(checkedAt[0]).toBeGreaterThanOrEqual(checkedAt[1]!);
  });

  it('never returns a secret a server echoes back or a crashing stdio server prints', async () => {
    const echo = await createHttp(echoing.url);
    const { check } = await run((s) => svc.checkNow(s, echo.id, DEADLINE));
    expect(check.errorKind).not.toBeNull();
    const crash = await createStdio('crash');
    const crashed = await run((s) => svc.checkNow(s, crash.id, DEADLINE));
    expect(crashed.check.errorKind).not.toBeNull();
    // and nothing secret was stored in the health columns either
    const rows = await run((s) => s.exec(select(McpHealthCheck).where({ mcpServerId: { in: [echo.id, crash.id] } })).all());
    for (const secret of SECRETS) expect(JSON.stringify(rows)).not.toContain(secret);
    const crashRow = await savedRow(crash.id);
    expect(crashRow?.lastError).not.toContain(SECRET_ENV);
  });

  it('checks a real stdio server', async () => {
    const dto = await createStdio('ok');
    const { server, check } = await run((s) => svc.checkNow(s, dto.id, { deadlineMs: 10_000 }));
    expect(check.status).not.toBe('unreachable');
    expect(check.errorKind).toBeNull();
    expect(server.serverInfo?.name).toBe('stdio-fixture');
    expect((await run((s) => svc.listTools(s, dto.id))).tools.map((t) => t.name)).toEqual(['echo', 'env']);
  });

  it('holds no connection while probing, and refuses to record a check of settings changed meanwhile', async () => {
    const slow = await startStreamableHttpServer({ toolsListDelayMs: 800 });
    try {
      const dto = await createHttp(slow.url);
      const checking = run((s) => svc.checkNow(s, dto.id, DEADLINE));
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(engine.stats().borrowed).toBe(0);
      // another session changes the endpoint and commits while the probe is still running
      await run((s) => svc.updateMcpServer(s, dto.id, { version: dto.version, url: `${slow.url}?moved=1` }));
      const e = await failure(checking);
      expect(isConflictError(e)).toBe(true);
      expect(e).toMatchObject({ reason: 'stale_version' });
      expect((await run((s) => svc.listHealthChecks(s, dto.id))).pagination.total).toBe(0);
    } finally {
      await slow.close();
    }
  });

  it('refuses unknown servers and bad options', async () => {
    expect(isNotFoundError(await failure(run((s) => svc.checkNow(s, randomUUID(), DEADLINE))))).toBe(true);
    expect(paths(await failure(run((s) => svc.checkNow(s, 'nope'))))).toEqual([['id']]);
    const dto = await createHttp('http://127.0.0.1:9/mcp');
    expect(paths(await failure(run((s) => svc.checkNow(s, dto.id, { deadlineMs: -1 }))))).toEqual([['deadlineMs']]);
    expect(isNotFoundError(await failure(run((s) => svc.listHealthChecks(s, randomUUID()))))).toBe(true);
    expect(paths(await failure(run((s) => svc.listHealthChecks(s, dto.id, { limit: 500 }))))).toEqual([['limit']]);
  });

  it('summarises the fleet per status', async () => {
    const summary = await run((s) => svc.fleetHealthSummary(s));
    expect(mcpFleetHealthSchema.parse(summary)).toEqual(summary);
    for (const status of ['unknown', 'healthy', 'degraded', 'unreachable'] as const) {
      const { pagination } = await run((s) => svc.listMcpServers(s, { status, limit: 1 }));
      expect(summary.byStatus[status]).toBe(pagination.total);
    }
    const all = await run((s) => svc.listMcpServers(s, { limit: 1 }));
    expect(summary.total).toBe(all.pagination.total);
    expect(summary.byStatus.healthy).toBeGreaterThan(0);
    expect(summary.byStatus.unreachable).toBeGreaterThan(0);
    const disabled = await run((s) => svc.listMcpServers(s, { enabled: false, limit: 1 }));
    expect(summary.disabled).toBe(disabled.pagination.total);
    expect(summary.enabled + summary.disabled).toBe(summary.total);
  });
});

describe('testConnection', () => {
  it('probes an unsaved config and saves nothing', async () => {
    const count = () => run((s) => s.exec(select(McpServer).count()).one());
    const checks = () => run((s) => s.exec(select(McpHealthCheck).count()).one());
    const [servers, history] = [await count(), await checks()];

    const ok = await run((s) =>
      svc.testConnection(s, { transport: 'streamable_http', url: healthy.url, headers: { Authorization: `Bearer ${SECRET_HEADER}` } }, DEADLINE),
    );
    expect(mcpTestConnectionResultSchema.parse(ok)).toEqual(ok);
    expect(ok.ok && ok.tools.map((t) => t.name)).toEqual(['tool-0', 'tool-1', 'tool-2']);

    const closedUrl = await closedPortUrl();
    const refused = await run((s) => svc.testConnection(s, { transport: 'sse', url: closedUrl }, DEADLINE));
    expect(!refused.ok && refused.error.kind).toBe('refused');

    const echoed = await run((s) =>
      svc.testConnection(s, { transport: 'streamable_http', url: echoing.url, headers: { 'X-Api-Key': SECRET_HEADER } }, DEADLINE),
    );
    expect(echoed.ok).toBe(false);

    const crashed = await run((s) =>
      svc.testConnection(s, { transport: 'stdio', command: process.execPath, args: [STDIO_SERVER_FIXTURE, 'crash'], env: { TOKEN: SECRET_ENV } }, DEADLINE),
    );
    expect(crashed.ok).toBe(false);

    expect([await count(), await checks()]).toEqual([servers, history]);
  });

  it('validates the config', async () => {
    expect(paths(await failure(run((s) => svc.testConnection(s, { transport: 'sse' }))))).toEqual([['url']]);
    expect(paths(await failure(run((s) => svc.testConnection(s, { transport: 'sse', url: 'http://x/sse', name: 'x' } as never))))).toEqual([
      [],
    ]);
  });
});

describe('tools', () => {
  let server: McpServerDto;
  beforeAll(async () => {
    server = await createHttp(healthy.url);
  });

  it('lists no tools before a check, then the cached ones after refreshTools', async () => {
    expect(await run((s) => svc.listTools(s, server.id))).toEqual({ mcpServerId: server.id, tools: [], toolCount: null, lastSuccessAt: null });
    const refreshed = await run((s) => svc.refreshTools(s, server.id, DEADLINE));
    expect(mcpRefreshedToolsSchema.parse(refreshed)).toEqual(refreshed);
    expect(refreshed.tools.map((t) => t.name)).toEqual(['tool-0', 'tool-1', 'tool-2']);
    expect(refreshed.toolCount).toBe(3);
    expect(refreshed.check.status).toBe('healthy');
    const cached = await run((s) => svc.listTools(s, server.id));
    expect(mcpToolListSchema.parse(cached)).toEqual(cached);
    expect(cached.tools).toEqual(refreshed.tools);
    expect(cached.tools[0]).toMatchObject({ description: 'Test tool number 0', inputSchema: { type: 'object' } });
  });

  it('keeps the cached tools when a refresh fails', async () => {
    const dto = await createHttp(healthy.url);
    const first = await run((s) => svc.refreshTools(s, dto.id, DEADLINE));
    const closedUrl = await closedPortUrl();
    const moved = await run((s) => svc.updateMcpServer(s, dto.id, { version: dto.version + 1, url: closedUrl }));
    expect(moved.status).toBe('unknown');
    const failed = await run((s) => svc.refreshTools(s, dto.id, DEADLINE));
    expect(failed.check.errorKind).toBe('refused');
    expect(failed.tools).toEqual(first.tools);
  });

  it('imports a cached tool as an mcp_tool function', async () => {
    const tools = await run((s) => svc.listTools(s, server.id));
    const tool = tools.tools.find((t) => t.name === 'tool-1')!;
    const name = uniqueName('fn');
    const fn = await run((s) => svc.importToolAsFunction(s, server.id, { toolName: 'tool-1', functionName: name }));
    expect(mcpImportedFunctionSchema.parse(fn)).toEqual(fn);
    expect(fn).toMatchObject({
      name,
      kind: 'mcp_tool',
      description: 'Test tool number 1',
      parameters: tool.inputSchema,
      mcpServerId: server.id,
      mcpToolName: 'tool-1',
    });
    const row = await run((s) => s.get(StudioFunction, fn.id));
    expect(row?.parameters).toEqual(tool.inputSchema);

    const byDefault = await run((s) => svc.importToolAsFunction(s, server.id, { toolName: 'tool-2' }));
    expect(byDefault.name).toBe('tool-2');
    const twice = await failure(run((s) => svc.importToolAsFunction(s, server.id, { toolName: 'tool-2' })));
    expect(isConflictError(twice)).toBe(true);
    expect(twice).toMatchObject({ reason: 'unique', fields: ['functionName'] });
  });

  it('refuses unknown tools, unknown servers and bad input', async () => {
    const e = await failure(run((s) => svc.importToolAsFunction(s, server.id, { toolName: 'nope' })));
    expect(e).toMatchObject({ code: 'NOT_FOUND', resource: 'tool', id: 'nope' });
    expect(isNotFoundError(await failure(run((s) => svc.importToolAsFunction(s, randomUUID(), { toolName: 'tool-0' }))))).toBe(true);
    expect(paths(await failure(run((s) => svc.importToolAsFunction(s, server.id, { toolName: '' }))))).toEqual([['toolName']]);
    expect(isNotFoundError(await failure(run((s) => svc.listTools(s, randomUUID()))))).toBe(true);
    expect(isNotFoundError(await failure(run((s) => svc.refreshTools(s, randomUUID(), DEADLINE))))).toBe(true);
  });
});

describe('deleteMcpServer', () => {
  it('deletes a server with its history', async () => {
    const dto = await createHttp(await closedPortUrl());
    await run((s) => svc.checkNow(s, dto.id, DEADLINE));
    await run((s) => svc.deleteMcpServer(s, dto.id));
    expect(isNotFoundError(await failure(run((s) => svc.getMcpServer(s, dto.id))))).toBe(true);
    expect(await run((s) => s.exec(select(McpHealthCheck).where({ mcpServerId: dto.id }).count()).one())).toBe(0);
    expect(isNotFoundError(await failure(run((s) => svc.deleteMcpServer(s, dto.id))))).toBe(true);
  });

  it('refuses while functions use it (ON DELETE RESTRICT)', async () => {
    const dto = await createHttp(healthy.url);
    await run((s) => svc.refreshTools(s, dto.id, DEADLINE));
    const fn = await run((s) => svc.importToolAsFunction(s, dto.id, { toolName: 'tool-0', functionName: uniqueName('in-use') }));
    const e = await failure(run((s) => svc.deleteMcpServer(s, dto.id)));
    expect(isConflictError(e)).toBe(true);
    expect(e).toMatchObject({ reason: 'in_use' });
    await run(async (s) => {
      const row = await s.get(StudioFunction, fn.id);
      s.delete(row!);
    });
    await run((s) => svc.deleteMcpServer(s, dto.id));
  });
});

describe('recordHealthCheck', () => {
  it('records a probe result obtained elsewhere, scrubbed of the server secrets', async () => {
    const dto = await createHttp(echoing.url, { headers: { 'X-Api-Key': SECRET_HEADER } });
    const result = await probeMcpServer({ transport: 'streamable_http', url: echoing.url }, DEADLINE);
    expect(result.ok).toBe(false);
    const leaky = { ...result, error: { kind: 'auth' as const, message: `denied: ${SECRET_HEADER}` } };
    const checkedAt = new Date('2030-01-01T00:00:00Z');
    const recorded = await run((s) => svc.recordHealthCheck(s, dto.id, leaky, { checkedAt, random: () => 0.5 }));
    expect(mcpCheckResultSchema.parse(recorded)).toEqual(recorded);
    expect(recorded.server).toMatchObject({ status: 'degraded', consecutiveFailures: 1, lastError: 'auth: denied: ***' });
    expect(recorded.check).toMatchObject({ status: 'degraded', errorKind: 'auth', error: 'denied: ***' });
    expect(recorded.server.nextCheckAt).toBe(new Date(checkedAt.getTime() + 60_000).toISOString());
  });

  it('refuses unknown servers and malformed results', async () => {
    const dto = await createHttp(await closedPortUrl());
    const refused = { ok: false as const, latencyMs: 1, error: { kind: 'refused' as const, message: 'refused' } };
    expect(isNotFoundError(await failure(run((s) => svc.recordHealthCheck(s, randomUUID(), refused))))).toBe(true);
    expect(paths(await failure(run((s) => svc.recordHealthCheck(s, 'nope', refused))))).toEqual([['id']]);
    const negative = { ...refused, latencyMs: -1 };
    expect(paths(await failure(run((s) => svc.recordHealthCheck(s, dto.id, negative))))).toEqual([['latencyMs']]);
  });
});

describe('secret masking', () => {
  it('every service method was called (and its results scanned for secrets)', () => {
    expect([...called].sort()).toEqual(Object.keys(McpServersService).sort());
  });
});
