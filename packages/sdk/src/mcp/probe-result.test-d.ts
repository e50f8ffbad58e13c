import { describe, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import type {
  McpProbeError,
  McpProbeErrorKind,
  McpProbeFailure,
  McpProbeResult,
  mcpProbeResultSchema,
  McpProbeSuccess,
} from './probe-result.js';
import type { McpTransport } from './probe-config.js';
import type { probeMcpServer } from './probe-mcp-server.js';

declare const result: McpProbeResult;

describe('McpProbeResult', () => {
  it('narrows on ok', () => {
    if (result.ok) {
      expectTypeOf(result).toEqualTypeOf<McpProbeSuccess>();
      expectTypeOf(result.serverInfo).toEqualTypeOf<{ name: string; version: string }>();
      expectTypeOf(result.transport).toEqualTypeOf<McpTransport>();
      expectTypeOf<McpProbeSuccess['tools'][number]['inputSchema']>().toEqualTypeOf<Record<string, unknown>>();
      // @ts-expect-error a success has no error
      void result.error;
    } else {
      expectTypeOf(result).toEqualTypeOf<McpProbeFailure>();
      expectTypeOf(result.error).toEqualTypeOf<McpProbeError>();
      // @ts-expect-error a failure has no tools
      void result.tools;
    }
  });

  it('has exactly the documented failure kinds', () => {
    expectTypeOf<McpProbeErrorKind>().toEqualTypeOf<'refused' | 'timeout' | 'not_mcp' | 'protocol_error' | 'auth' | 'blocked' | 'unknown'>();
  });

  it('matches its zod schema', () => {
    expectTypeOf<z.infer<typeof mcpProbeResultSchema>>().toEqualTypeOf<McpProbeResult>();
  });

  it('is what probeMcpServer resolves to', () => {
    expectTypeOf<Awaited<ReturnType<typeof probeMcpServer>>>().toEqualTypeOf<McpProbeResult>();
  });

  it('rejects an ok result without tools', () => {
    // @ts-expect-error tools, serverInfo, ... are required when ok is true
    const bad: McpProbeResult = { ok: true, latencyMs: 1 };
    void bad;
  });
});
