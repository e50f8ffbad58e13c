/**
 * Issue 12: every credential is encrypted at rest and masked in output. Known values are stored
 * through the API, every response, every log line (at debug) and every database row (raw SQL) is
 * grepped for them.
 */
import { Writable } from 'node:stream';
import { loadApiConfig } from '../src/config/api-config.js';
import { createApp } from '../src/app/create-app.js';
import { createLogger } from '../src/app/logger.js';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiTestContext, type ApiTestContext } from './api-test-context.js';
import { STDIO_SERVER_FIXTURE, startStreamableHttpServer, type LoopbackServer } from '@agent-studio/test-servers';

const SECRETS = {
  urlPassword: 'URL-PASSWORD-7f3a',
  urlUser: 'url-user-9c1d',
  urlQuery: 'QUERY-TOKEN-5e2b',
  mcpHeader: 'MCP-HEADER-1a4f',
  mcpEnv: 'MCP-ENV-VALUE-8d6c',
  fnHeader: 'FN-HEADER-3b9e',
  stdioArg: 'STDIO-ARG-TOKEN-6a0f',
  stdioTestArg: 'STDIO-TEST-ARG-2c7d',
};

let ctx: ApiTestContext;
let mcp: LoopbackServer;
const raw: string[] = [];
let app: ReturnType<typeof createApp>;
const responses: string[] = [];

beforeAll(async () => {
  ctx = await createApiTestContext();
  mcp = await startStreamableHttpServer();
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      raw.push(chunk.toString());
      done();
    },
  });
  app = createApp({ engine: ctx.engine, config: loadApiConfig({ LOG_LEVEL: 'debug' }), logger: createLogger('debug', sink) });
});
afterAll(async () => {
  await mcp?.close();
  await ctx?.close();
});

async function call(method: 'get' | 'post' | 'patch', path: string, body?: object): Promise<request.Response> {
  let req = request(app)[method](`/api/v1${path}`).set(ctx.auth);
  if (body) req = req.send(body);
  const res = await req;
  responses.push(`${res.status} ${JSON.stringify(res.headers)} ${res.text}`);
  return res;
}

function expectNoSecret(text: string, where: string): void {
  for (const [name, value] of Object.entries(SECRETS)) expect(text, `${name} leaked in ${where}`).not.toContain(value);
}

describe('credentials are encrypted at rest and masked in every output', () => {
  it('MCP URL user info and query values, MCP headers and env, stdio args marked secret, http function headers', async () => {
    const url = new URL(mcp.url);
    url.username = SECRETS.urlUser;
    url.password = SECRETS.urlPassword;
    url.search = `?token=${SECRETS.urlQuery}&plain=`;
    const created = await call('post', '/mcp-servers', {
      name: 'with-creds',
      transport: 'streamable_http',
      url: url.href,
      headers: { 'X-Api-Key': SECRETS.mcpHeader },
      env: { TOKEN: SECRETS.mcpEnv },
    });
    expect(created.status, created.text).toBe(201);
    const server = created.body as { id: string; version: number; url: string };
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp\?token=%E2%80%A2/);

    // the full URL still works: the probe authenticates with it
    const check = await call('post', `/mcp-servers/${server.id}/check`, { deadlineMs: 5_000 });
    expect(check.status, check.text).toBe(200);
    expect((check.body as { check: { status: string } }).check.status).toBe('healthy');
    await call('get', `/mcp-servers/${server.id}`);
    await call('get', '/mcp-servers');
    await call('get', `/mcp-servers/${server.id}/health-checks`);
    await call('get', `/mcp-servers/${server.id}/tools`);
    const renamed = await call('patch', `/mcp-servers/${server.id}`, { version: (check.body as { server: { version: number } }).server.version, description: 'renamed' });
    expect(renamed.status, renamed.text).toBe(200);
    // sending the shown URL back keeps the saved credentials
    const same = await call('patch', `/mcp-servers/${server.id}`, { version: (renamed.body as { version: number }).version, url: server.url });
    expect(same.status, same.text).toBe(200);
    expect((same.body as { status: string }).status).not.toBe('unknown');
    await call('post', '/mcp-servers/test-connection', { transport: 'streamable_http', url: url.href, headers: { 'X-Api-Key': SECRETS.mcpHeader } });
    await call('post', '/mcp-servers/test-connection', { transport: 'sse', url: `http://127.0.0.1:9/sse?token=${SECRETS.urlQuery}`, headers: { 'X-Api-Key': SECRETS.mcpHeader } });

    const fn = await call('post', '/functions', {
      kind: 'http',
      name: 'orders',
      config: { url: 'https://api.example.com/orders', method: 'GET', headers: { Authorization: `Bearer ${SECRETS.fnHeader}` } },
    });
    expect(fn.status, fn.text).toBe(201);
    const fnBody = fn.body as { id: string; version: number; config: { headers: Record<string, string> } };
    expect(fnBody.config.headers).toEqual({ Authorization: '••••••' });
    await call('get', `/functions/${fnBody.id}`);
    await call('get', '/functions');
    const patched = await call('patch', `/functions/${fnBody.id}`, {
      version: fnBody.version,
      config: { url: 'https://api.example.com/orders/v2', method: 'GET', headers: { Authorization: '••••••', 'X-Extra': 'plain' } },
    });
    expect(patched.status, patched.text).toBe(200);

    // stdio args marked secret (by index): encrypted, shown as the mask, the real value given to the process
    const stdio = await call('post', '/mcp-servers', {
      name: 'stdio-with-secret-arg',
      transport: 'stdio',
      command: process.execPath,
      args: [STDIO_SERVER_FIXTURE, 'ok', '--token', SECRETS.stdioArg],
      secretArgs: [3],
    });
    expect(stdio.status, stdio.text).toBe(201);
    const stdioBody = stdio.body as { id: string; version: number; args: string[]; secretArgs: number[] };
    expect(stdioBody.args).toEqual([STDIO_SERVER_FIXTURE, 'ok', '--token', '••••••']);
    expect(stdioBody.secretArgs).toEqual([3]);
    const stdioCheck = await call('post', `/mcp-servers/${stdioBody.id}/check`, { deadlineMs: 10_000 });
    expect((stdioCheck.body as { check: { status: string } }).check.status, stdioCheck.text).toBe('healthy');
    await call('get', `/mcp-servers/${stdioBody.id}`);
    await call('get', '/mcp-servers?transport=stdio');
    // the mask sent back at the secret index keeps the saved value; switching to crash mode makes
    // the fixture print its arguments to stderr: the error shows the value scrubbed (***), which it
    // can only be if the process got the real value rather than the mask
    const crash = await call('patch', `/mcp-servers/${stdioBody.id}`, {
      version: (stdioCheck.body as { server: { version: number } }).server.version,
      args: [STDIO_SERVER_FIXTURE, 'crash', '--token', '••••••'],
    });
    expect(crash.status, crash.text).toBe(200);
    expect((crash.body as { args: string[]; secretArgs: number[] }).secretArgs).toEqual([3]);
    const crashCheck = await call('post', `/mcp-servers/${stdioBody.id}/check`, { deadlineMs: 10_000 });
    const crashError = (crashCheck.body as { check: { error: string } }).check.error;
    expect(crashError, crashCheck.text).toContain('--token ***');
    await call('get', `/mcp-servers/${stdioBody.id}/health-checks`);
    const tested = await call('post', '/mcp-servers/test-connection', {
      transport: 'stdio',
      command: process.execPath,
      args: [STDIO_SERVER_FIXTURE, 'crash', SECRETS.stdioTestArg],
      secretArgs: [2],
    });
    expect(tested.status, tested.text).toBe(200);
    expect((tested.body as { ok: boolean; error: { message: string } }).error.message).toContain('args=***');

    for (const text of responses) expectNoSecret(text, 'an API response');
    expect(raw.length).toBeGreaterThan(0);
    for (const line of raw) expectNoSecret(line, 'a log line');

    const c = await ctx.engine.acquire();
    try {
      for (const table of ['mcp_servers', 'functions', 'mcp_health_checks']) {
        const rows = await c.query<{ r: string }>(`SELECT row_to_json(t)::text AS r FROM ${table} t`);
        expect(rows.rows.length, table).toBeGreaterThan(0);
        for (const { r } of rows.rows) expectNoSecret(r, `a ${table} row`);
      }
      const fnRow = await c.query<{ headers_encrypted: string }>('SELECT headers_encrypted FROM functions WHERE id = $1', [fnBody.id]);
      expect(fnRow.rows[0]!.headers_encrypted).toMatch(/^v2:/);
      const stdioRow = await c.query<{ args_secret_encrypted: string }>('SELECT args_secret_encrypted FROM mcp_servers WHERE id = $1', [stdioBody.id]);
      expect(stdioRow.rows[0]!.args_secret_encrypted).toMatch(/^v2:/);
    } finally {
      ctx.engine.release(c);
    }
  });
});
