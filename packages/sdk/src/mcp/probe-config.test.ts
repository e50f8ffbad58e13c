import { describe, expect, it } from 'vitest';
import { mcpProbeConfigSchema } from './probe-config.js';

describe('mcpProbeConfigSchema', () => {
  it.each([
    { transport: 'streamable_http', url: 'https://mcp.example.com/mcp', headers: { Authorization: 'Bearer x' } },
    { transport: 'sse', url: 'http://127.0.0.1:3000/sse' },
    { transport: 'stdio', command: 'node', args: ['server.js'], env: { TOKEN: 'x' } },
  ])('accepts $transport', (config) => {
    expect(mcpProbeConfigSchema.parse(config)).toEqual(config);
  });

  it.each([
    [{ transport: 'streamable_http' }, 'url'],
    [{ transport: 'sse', url: 'not a url' }, 'url'],
    [{ transport: 'sse', url: 'ftp://example.com/sse' }, 'url'],
    [{ transport: 'stdio' }, 'command'],
    [{ transport: 'websocket', url: 'ws://x' }, 'transport'],
  ])('rejects %j (path %s)', (config, path) => {
    const parsed = mcpProbeConfigSchema.safeParse(config);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((issue) => issue.path.join('.'))).toContain(path);
  });

  it('converts to JSON Schema (the API builds OpenAPI from it)', async () => {
    const { z } = await import('zod');
    const schema = z.toJSONSchema(mcpProbeConfigSchema);
    expect(schema).toMatchObject({ type: 'object', required: ['transport'] });
  });
});
