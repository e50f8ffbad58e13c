import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { closedPortUrl, startStreamableHttpServer, STDIO_SERVER_FIXTURE, type LoopbackServer } from '../../test/mcp-servers.js';
import { loadOutboundPolicy, STRICT_OUTBOUND_POLICY } from '../outbound/outbound-policy.js';
import { probeMcpServer } from './probe-mcp-server.js';
import type { McpProbeResult } from './probe-result.js';
import { loadStdioCommandPolicy, type StdioCommandPolicy } from './stdio-command-policy.js';
import { runningStdioProcesses } from './stdio-process-slots.js';

const DEADLINE_MS = 5_000;
const NO_COMMANDS = loadStdioCommandPolicy({});
const markerDir = mkdtempSync(join(tmpdir(), 'agent-studio-stdio-'));
const servers: LoopbackServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
afterAll(() => {
  rmSync(markerDir, { recursive: true, force: true });
});

function errorOf(result: McpProbeResult): { kind: string; message: string } {
  if (result.ok) expect.fail('expected a failure');
  return result.error;
}

describe('stdio commands are opt-in', () => {
  it('by default runs no command: /usr/bin/touch creates no marker file', async () => {
    const marker = join(markerDir, 'pwned-default');
    const result = await probeMcpServer({ transport: 'stdio', command: '/usr/bin/touch', args: [marker] }, { deadlineMs: DEADLINE_MS, commands: NO_COMMANDS });
    expect(errorOf(result)).toMatchObject({ kind: 'blocked' });
    expect(errorOf(result).message).toContain('MCP_STDIO_COMMANDS');
    expect(existsSync(marker)).toBe(false);
  });

  it('runs only commands on the list, by exact match (no shell, no prefix, no basename)', async () => {
    const commands: StdioCommandPolicy = loadStdioCommandPolicy({ MCP_STDIO_COMMANDS: `${process.execPath},touch` });
    const marker = join(markerDir, 'pwned-listed');
    for (const command of ['/usr/bin/touch', `${process.execPath} `, 'sh', `/bin/sh -c "touch ${marker}"`]) {
      const result = await probeMcpServer({ transport: 'stdio', command, args: [marker] }, { deadlineMs: DEADLINE_MS, commands });
      expect(errorOf(result).kind, command).toBe('blocked');
    }
    expect(existsSync(marker)).toBe(false);
    const ok = await probeMcpServer(
      { transport: 'stdio', command: process.execPath, args: [STDIO_SERVER_FIXTURE, 'ok'] },
      { deadlineMs: DEADLINE_MS, commands },
    );
    expect(ok.ok).toBe(true);
  });

  it('caps concurrent stdio processes: probes wait for a slot within their deadline', async () => {
    const commands = { commands: [process.execPath], maxProcesses: 1 };
    let peak = 0;
    const sampler = setInterval(() => {
      peak = Math.max(peak, runningStdioProcesses());
    }, 5);
    try {
      const results = await Promise.all(
        [1, 2, 3].map(() => probeMcpServer({ transport: 'stdio', command: process.execPath, args: [STDIO_SERVER_FIXTURE, 'ok'] }, { deadlineMs: 20_000, commands })),
      );
      expect(results.map((r) => r.ok)).toEqual([true, true, true]);
      expect(peak).toBe(1);
      // one process hangs through its deadline; the probe queued behind it times out without starting one
      const [hanging, queued] = await Promise.all([
        probeMcpServer({ transport: 'stdio', command: process.execPath, args: [STDIO_SERVER_FIXTURE, 'hang'] }, { deadlineMs: 1_500, commands }),
        probeMcpServer({ transport: 'stdio', command: process.execPath, args: [STDIO_SERVER_FIXTURE, 'ok'] }, { deadlineMs: 700, commands }),
      ]);
      expect(errorOf(hanging).kind).toBe('timeout');
      expect(errorOf(queued).kind).toBe('timeout');
      expect(peak).toBe(1);
    } finally {
      clearInterval(sampler);
    }
    expect(runningStdioProcesses()).toBe(0);
  });
});

describe('the outbound policy in probes', () => {
  it('refuses a loopback MCP server by default with one answer for an open and a closed port', async () => {
    const server = await startStreamableHttpServer();
    servers.push(server);
    const open = errorOf(await probeMcpServer({ transport: 'streamable_http', url: server.url }, { deadlineMs: DEADLINE_MS, outbound: STRICT_OUTBOUND_POLICY }));
    const closed = errorOf(
      await probeMcpServer({ transport: 'streamable_http', url: await closedPortUrl() }, { deadlineMs: DEADLINE_MS, outbound: STRICT_OUTBOUND_POLICY }),
    );
    expect(open.kind).toBe('blocked');
    expect(closed).toEqual(open);
    expect(open.message).not.toMatch(/ECONNREFUSED|UND_ERR|\d{4,5}/);
    const allowed = await probeMcpServer({ transport: 'streamable_http', url: server.url }, { deadlineMs: DEADLINE_MS, outbound: loadOutboundPolicy({ OUTBOUND_ALLOW: '127.0.0.1/32' }) });
    expect(allowed.ok).toBe(true);
  });

  it('refuses a host name that resolves to loopback at connect time (streamable HTTP and SSE)', async () => {
    const server = await startStreamableHttpServer();
    servers.push(server);
    const url = new URL(server.url);
    url.hostname = hostname(); // resolves to 127.0.0.1 through /etc/hosts
    for (const transport of ['streamable_http', 'sse'] as const) {
      const error = errorOf(await probeMcpServer({ transport, url: url.href }, { deadlineMs: DEADLINE_MS, outbound: STRICT_OUTBOUND_POLICY }));
      expect(error.kind, `${transport}: ${error.message}`).toBe('blocked');
      expect(error.message).toContain('loopback');
    }
  });

  it.each(['http://169.254.169.254/mcp', 'http://[fd00:ec2::254]/mcp', 'http://metadata.google.internal/mcp', 'http://2130706433/mcp', 'http://10.0.0.1/mcp'])(
    'refuses %s before connecting',
    async (url) => {
      const error = errorOf(await probeMcpServer({ transport: 'sse', url }, { deadlineMs: DEADLINE_MS, outbound: STRICT_OUTBOUND_POLICY }));
      expect(error.kind).toBe('blocked');
    },
  );
});
