/**
 * `mcp check [--all]` against real MCP servers on loopback, and `monitor` stopping cleanly.
 */
import { withSession } from '@agent-studio/db/exec';
import { McpServersService } from '@agent-studio/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closedPortUrl, startStreamableHttpServer, type LoopbackServer } from '@agent-studio/test-servers';
import { createCliDatabase, sql, type CliDatabase } from './cli-database.js';
import { finished, lines, runCli, startCli, untilStderr } from './run-cli.js';
import { metricsUrlOf, scrapeUntil } from './cli-metrics.js';

let db: CliDatabase;
let healthy: LoopbackServer;
let closedUrl: string;

beforeAll(async () => {
  db = await createCliDatabase({ migrate: true });
  healthy = await startStreamableHttpServer({ name: 'loopback-healthy', toolCount: 3 });
  closedUrl = await closedPortUrl();
  await db.inspect((engine) =>
    withSession(engine, async (session) => {
      // registered servers are due at once
      await McpServersService.createMcpServer(session, { name: 'alpha-healthy', transport: 'streamable_http', url: healthy.url });
      await McpServersService.createMcpServer(session, { name: 'beta-closed', transport: 'streamable_http', url: closedUrl });
      await McpServersService.createMcpServer(session, {
        name: 'gamma-disabled',
        transport: 'streamable_http',
        url: closedUrl,
        enabled: false,
      });
    }),
  );
});
afterAll(async () => {
  await healthy?.close();
  await db?.close();
});

function historyCount(): Promise<number> {
  return db.inspect(async (engine) => Number((await sql<{ n: string }>(engine, 'SELECT count(*) AS n FROM mcp_health_checks'))[0]!.n));
}

describe('studio mcp check', () => {
  it('checks the due servers, with plain progress lines (no TTY) and a summary table', async () => {
    const run = await runCli(['mcp', 'check', '--deadline-ms', '5000'], db.env);
    expect(run.code, run.stderr).toBe(0);
    const [database, ...progress] = lines(run.stderr);
    expect(database).toMatch(/^database: /);
    expect(progress[0]).toBe('checking 2 MCP server(s)');
    expect(progress.slice(1).map((l) => l.replace(/^\[\d\/2\] /, '')).sort()).toEqual([
      expect.stringMatching(/^alpha-healthy: healthy \(\d+ ms\)$/),
      expect.stringMatching(/^beta-closed: (degraded|unreachable) \(\d+ ms\)$/),
    ]);
    expect(progress[1]).toMatch(/^\[1\/2\] /);
    expect(progress[2]).toMatch(/^\[2\/2\] /);
    const out = lines(run.stdout);
    expect(out[0]).toMatch(/^name\s+status\s+latency\s+tools\s+error$/);
    expect(out[1]).toMatch(/^alpha-healthy\s+healthy\s+\d+ ms\s+3$/);
    expect(out[2]).toMatch(/^beta-closed\s+(degraded|unreachable)\s+\d+ ms\s+-\s+refused: /);
    expect(out[3]).toMatch(/^checked 2 of 2 server\(s\) in \d+ ms$/);
    expect(run.stdout).not.toContain('gamma-disabled');
    expect(await historyCount()).toBe(2);
  });

  it('checks nothing when nothing is due', async () => {
    const run = await runCli(['mcp', 'check'], db.env);
    expect(run.code, run.stderr).toBe(0);
    expect(lines(run.stdout)).toEqual(['no MCP server is due (use --all to check every enabled server)']);
    expect(await historyCount()).toBe(2);
  });

  it('--all checks every enabled server, due or not (--json)', async () => {
    const run = await runCli(['mcp', 'check', '--all', '--json'], db.env);
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as {
      madeDue: number;
      report: { claimed: number; recorded: number };
      checks: Array<{ name: string; status: string; toolCount: number | null; error: { kind: string } | null }>;
    };
    expect(result.madeDue).toBe(2);
    expect(result.report).toMatchObject({ claimed: 2, recorded: 2 });
    expect(result.checks.map((c) => c.name)).toEqual(['alpha-healthy', 'beta-closed']);
    expect(result.checks[0]).toMatchObject({ status: 'healthy', toolCount: 3, error: null });
    expect(result.checks[1]).toMatchObject({ toolCount: null, error: { kind: 'refused' } });
    expect(await historyCount()).toBe(4);
    const servers = await db.inspect((engine) =>
      sql<{ name: string; status: string; tool_count: number | null }>(engine, 'SELECT name, status, tool_count FROM mcp_servers ORDER BY name'),
    );
    expect(servers.map((s) => [s.name, s.status, s.tool_count])).toEqual([
      ['alpha-healthy', 'healthy', 3],
      ['beta-closed', expect.stringMatching(/degraded|unreachable/), null],
      ['gamma-disabled', 'unknown', null],
    ]);
  });

  it('one server whose secrets cannot be decrypted is reported by name; the others are still checked', async () => {
    // headers stored under another key (a well-formed value this key cannot open)
    const foreign = 'v1:AAAAAAAAAAAAAAAA:AAAAAAAAAAAAAAAAAAAAAA:AAAA';
    await db.inspect((engine) =>
      sql(
        engine,
        `INSERT INTO mcp_servers (name, transport, url, headers_encrypted) VALUES ('delta-foreign-key', 'streamable_http', '${healthy.url}', '${foreign}')`,
      ),
    );
    try {
      const run = await runCli(['mcp', 'check', '--all', '--json'], db.env);
      expect(run.code, run.stderr).toBe(0);
      const result = JSON.parse(run.stdout) as {
        report: { claimed: number; recorded: number };
        checks: Array<{ name: string; status: string; error: { kind: string; message: string } | null }>;
      };
      // claimed and reported; the two healthy-keyed servers recorded (the foreign-key row cannot be
      // rewritten with this key either, so its failure is reported, not recorded)
      expect(result.report).toMatchObject({ claimed: 3 });
      expect(result.report.recorded).toBeGreaterThanOrEqual(2);
      expect(result.checks.map((c) => c.name)).toEqual(['alpha-healthy', 'beta-closed', 'delta-foreign-key']);
      expect(result.checks[0]).toMatchObject({ status: 'healthy' });
      expect(result.checks[2]!.error!.message).toMatch(/A stored secret could not be decrypted/);

      const table = await runCli(['mcp', 'check', '--all'], db.env);
      expect(table.stdout).toMatch(/^delta-foreign-key\s+.+\s+0 ms\s+-\s+unknown: A stored secret could not be decrypted/m);
    } finally {
      await db.inspect((engine) => sql(engine, "DELETE FROM mcp_servers WHERE name = 'delta-foreign-key'"));
    }
  });
});

describe('studio monitor', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)('runs until %s, then stops cleanly with exit 0', async (signal) => {
    const child = startCli(['monitor', '--poll-interval-ms', '200'], db.env);
    const done = finished(child);
    await untilStderr(child, 'monitor: started');
    child.kill(signal);
    const run = await done;
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`monitor: ${signal} received, stopping`);
    expect(run.stderr).toContain('monitor: stopped');
    expect(run.stderr).not.toMatch(/error/i);
  });

  it('--metrics-port: one sweep, its checks by outcome and the servers by status, parsed as Prometheus text', async () => {
    await db.inspect((engine) => sql(engine, 'UPDATE mcp_servers SET next_check_at = now()')); // all due
    const child = startCli(['monitor', '--poll-interval-ms', '60000', '--deadline-ms', '5000', '--metrics-port', '0'], db.env);
    const done = finished(child);
    const url = await metricsUrlOf(child);
    const scrape = await scrapeUntil(url, (s) => s.value('agent_studio_mcp_sweeps_total') >= 1, 20_000);
    child.kill('SIGTERM');
    expect((await done).code).toBe(0);
    // one sweep (the next is a minute away): the two enabled servers, checked once each
    expect(scrape.value('agent_studio_mcp_sweeps_total')).toBe(1);
    expect(scrape.count('agent_studio_mcp_sweep_duration_seconds')).toBe(1);
    expect(scrape.value('agent_studio_mcp_checks_total', { outcome: 'ok' })).toBe(1);
    expect(scrape.value('agent_studio_mcp_checks_total')).toBe(2);
    expect(scrape.value('agent_studio_mcp_servers', { status: 'healthy' })).toBe(1);
    expect(scrape.value('agent_studio_mcp_servers')).toBe(2); // the disabled one is not counted
    for (const v of scrape.labelValues()) expect(v).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-|127\.0\.0\.1|alpha|beta/);
  });
});
