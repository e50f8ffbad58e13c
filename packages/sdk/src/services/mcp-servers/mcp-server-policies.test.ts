import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withSession, type ExecSession } from '@agent-studio/db/exec';
import { McpServer } from '@agent-studio/db/models';
import { createTestEngine, type TestEngine } from '@agent-studio/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failure, paths } from '../../../test/service-test-helpers.js';
import { FunctionsService } from '../functions/functions-service.js';
import { McpServersService } from './mcp-servers-service.js';

// The test workers allow loopback and their own node binary (TEST_POLICY_ENV); nothing else.
let engine: TestEngine;
const markerDir = mkdtempSync(join(tmpdir(), 'agent-studio-marker-'));
const run = <T>(fn: (s: ExecSession) => Promise<T>): Promise<T> => withSession(engine, fn);

beforeAll(async () => {
  engine = await createTestEngine();
});
afterAll(async () => {
  await engine.close();
  rmSync(markerDir, { recursive: true, force: true });
});

describe('stdio MCP servers run only allowed commands', () => {
  it('test-connection with /usr/bin/touch is a 422 at command and creates no file', async () => {
    const marker = join(markerDir, 'test-connection');
    const error = await failure(run((s) => McpServersService.testConnection(s, { transport: 'stdio', command: '/usr/bin/touch', args: [marker] })));
    expect(paths(error)).toEqual([['command']]);
    expect(error.message).toContain('MCP_STDIO_COMMANDS');
    expect(existsSync(marker)).toBe(false);
  });

  it('create and update refuse the command; a row saved before the policy is refused at probe time', async () => {
    const marker = join(markerDir, 'saved');
    expect(paths(await failure(run((s) => McpServersService.createMcpServer(s, { name: 'touch', transport: 'stdio', command: '/bin/sh', args: ['-c', `touch ${marker}`] }))))).toEqual([['command']]);
    const allowed = await run((s) => McpServersService.createMcpServer(s, { name: 'node', transport: 'stdio', command: 'node', args: [] }));
    expect(paths(await failure(run((s) => McpServersService.updateMcpServer(s, allowed.id, { version: allowed.version, command: '/usr/bin/touch', args: [marker] }))))).toEqual([['command']]);
    // a server stored directly (e.g. before this policy existed) still never runs
    const legacyRow = await run(async (s) => s.add(McpServer, { name: 'old-touch', transport: 'stdio', command: '/usr/bin/touch', args: [marker] }));
    const { check } = await run((s) => McpServersService.checkNow(s, legacyRow.id, { deadlineMs: 5_000 }));
    expect(check.errorKind).toBe('blocked');
    expect(existsSync(marker)).toBe(false);
  });
});

describe('registration refuses destinations the outbound policy refuses as written', () => {
  it.each(['http://169.254.169.254/mcp', 'http://[fd00:ec2::254]/mcp', 'http://metadata.google.internal/mcp', 'http://0xa000001/mcp', 'http://192.168.1.1:5432/'])(
    'MCP server url %s is a 422 at url (create, update, test-connection)',
    async (url) => {
      expect(paths(await failure(run((s) => McpServersService.createMcpServer(s, { name: `m-${url}`, transport: 'streamable_http', url }))))).toEqual([['url']]);
      expect(paths(await failure(run((s) => McpServersService.testConnection(s, { transport: 'sse', url }))))).toEqual([['url']]);
      const ok = await run((s) => McpServersService.createMcpServer(s, { name: `ok-${url}`, transport: 'sse', url: 'http://127.0.0.1:9/sse' }));
      expect(paths(await failure(run((s) => McpServersService.updateMcpServer(s, ok.id, { version: ok.version, url }))))).toEqual([['url']]);
    },
  );

  it('an http function url is a 422 at config.url on create, update and validate', async () => {
    const config = { url: 'http://169.254.169.254/latest/meta-data/', method: 'GET' as const };
    expect(paths(await failure(run((s) => FunctionsService.createFunction(s, { kind: 'http', name: 'meta', config }))))).toEqual([['config', 'url']]);
    const fn = await run((s) => FunctionsService.createFunction(s, { kind: 'http', name: 'hook', config: { url: 'http://127.0.0.1:8080/hook', method: 'POST' } }));
    expect(paths(await failure(run((s) => FunctionsService.updateFunction(s, fn.id, { version: fn.version, config: { ...config, url: 'http://10.0.0.5/' } }))))).toEqual([['config', 'url']]);
    const validation = await run((s) => FunctionsService.validateFunction(s, { kind: 'http', name: 'meta2', config }));
    expect(validation.valid).toBe(false);
  });
});
