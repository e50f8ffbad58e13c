import type { ExecSession } from '@agent-studio/db/exec';
import { SessionLocal } from '@agent-studio/db/legacy';
import type { TestEngine } from '@agent-studio/db/testing';
import { describe, expectTypeOf, it } from 'vitest';
import type { McpServerDto } from './mcp-servers-schemas.js';
import { McpServersService } from './mcp-servers-service.js';
import type { SECRET_MASK } from './secret-mask.js';

type Service = typeof McpServersService;
type FirstParams = { [K in keyof Service]: Parameters<Service[K]>[0] };

declare const engine: TestEngine;
declare const session: ExecSession;

describe('McpServersService types', () => {
  it('takes an ExecSession first in every method', () => {
    expectTypeOf<FirstParams>().toEqualTypeOf<{ [K in keyof Service]: ExecSession }>();
  });

  it('refuses a legacy session', () => {
    // @ts-expect-error a LegacySession is not an ExecSession
    void McpServersService.getMcpServer(SessionLocal(engine), 'id');
    // @ts-expect-error a LegacySession is not an ExecSession
    void McpServersService.checkNow(SessionLocal(engine), 'id');
  });

  it('records only a typed probe result, with typed options', () => {
    const refused = { ok: false as const, latencyMs: 1, error: { kind: 'refused' as const, message: 'x' } };
    void McpServersService.recordHealthCheck(session, 'id', refused, { checkedAt: new Date() });
    // @ts-expect-error a result needs ok, latencyMs and error
    void McpServersService.recordHealthCheck(session, 'id', { ok: false });
    // @ts-expect-error a misspelt option does not compile
    void McpServersService.recordHealthCheck(session, 'id', refused, { checkedOn: new Date() });
  });

  it('returns secrets only as the mask', () => {
    expectTypeOf(McpServersService.getMcpServer(session, 'id')).resolves.toEqualTypeOf<McpServerDto>();
    expectTypeOf<McpServerDto['headers']>().toEqualTypeOf<Record<string, typeof SECRET_MASK>>();
    expectTypeOf<McpServerDto['env']>().toEqualTypeOf<Record<string, typeof SECRET_MASK>>();
    expectTypeOf<McpServerDto['secretArgs']>().toEqualTypeOf<number[]>();
  });

  it('lets the caller abort a probe with a signal', () => {
    void McpServersService.checkNow(session, 'id', {}, { signal: AbortSignal.timeout(1_000) });
    void McpServersService.refreshTools(session, 'id', {}, { signal: AbortSignal.timeout(1_000) });
    // @ts-expect-error the signal is an AbortSignal
    void McpServersService.checkNow(session, 'id', {}, { signal: true });
  });

  it('marks stdio args secret by index', () => {
    void McpServersService.createMcpServer(session, { name: 'x', transport: 'stdio', command: 'node', args: ['s.js', 'T'], secretArgs: [1] });
    // @ts-expect-error secretArgs are indexes, not values
    void McpServersService.createMcpServer(session, { name: 'x', transport: 'stdio', command: 'node', args: ['s.js', 'T'], secretArgs: ['T'] });
  });
});
