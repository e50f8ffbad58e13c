import { withSession, type ExecSession } from '@agent-studio/db/exec';
import { createTestEngine, type TestEngine } from '@agent-studio/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStreamableHttpServer, type LoopbackServer } from '../../../test/mcp-servers.js';
import { McpServersService } from './mcp-servers-service.js';

let engine: TestEngine;
let server: LoopbackServer;
const run = <T>(fn: (s: ExecSession) => Promise<T>): Promise<T> => withSession(engine, fn);

beforeAll(async () => {
  engine = await createTestEngine();
  server = await startStreamableHttpServer({ toolNames: ['get_file_info', 'info'] });
});
afterAll(async () => {
  await server?.close();
  await engine?.close();
});

describe('tool definitions are stored exactly as the server sent them', () => {
  it('keeps get_file_info intact next to a header and an env value "info", and $schema URLs whole', async () => {
    const dto = await run((s) =>
      McpServersService.createMcpServer(s, { name: 'files', transport: 'streamable_http', url: server.url, headers: { 'X-Mode': 'info' }, env: { MODE: 'info' } }),
    );
    const probed = await run((s) => McpServersService.testConnection(s, { transport: 'streamable_http', url: server.url, headers: { 'X-Mode': 'info' } }));
    expect(probed.ok && probed.tools.map((t) => t.name)).toEqual(['get_file_info', 'info']);

    const { check } = await run((s) => McpServersService.checkNow(s, dto.id, { deadlineMs: 5_000 }));
    expect(check.status).toBe('healthy');
    const { tools } = await run((s) => McpServersService.listTools(s, dto.id));
    expect(tools.map((t) => t.name)).toEqual(['get_file_info', 'info']);
    const schema = (tools[0]!.inputSchema as { $schema?: string }).$schema;
    expect(schema).toMatch(/#$/);

    const c = await engine.acquire();
    try {
      const raw = await c.query<{ tools: string }>('SELECT tools::text AS tools FROM mcp_servers WHERE id = $1', [dto.id]);
      expect(raw.rows[0]!.tools).toContain('"get_file_info"');
      expect(raw.rows[0]!.tools).not.toContain('***');
    } finally {
      engine.release(c);
    }
    const imported = await run((s) => McpServersService.importToolAsFunction(s, dto.id, { toolName: 'get_file_info' }));
    expect(imported).toMatchObject({ name: 'get_file_info', mcpToolName: 'get_file_info' });
  });
});
