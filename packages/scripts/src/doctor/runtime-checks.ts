/**
 * The doctor's checks of the processes around the database: the MCP health monitor, the run
 * workers, the outbound policy.
 *
 * @module
 */
import type { DoctorContext, DoctorResult } from './doctor-check.js';
import { queryRows } from './query-rows.js';

/** A server whose next check is this much overdue means no monitor is sweeping. */
const OVERDUE_MS = 5 * 60_000;

/**
 * Whether the MCP health monitor is running, judged by what it leaves behind: enabled servers
 * whose next check is more than 5 minutes overdue mean no `studio monitor` (nor API-embedded
 * monitor) is sweeping.
 *
 * @example
 * await monitorRunning({ engine, migrated: true }); // { check: 'monitor', status: 'warn', message: '2 of 2 enabled ...' }
 */
export async function monitorRunning({ engine, migrated }: DoctorContext): Promise<DoctorResult> {
  const check = 'monitor';
  if (!migrated) return { check, status: 'warn', message: 'not checked: the database is not migrated' };
  const [row] = await queryRows<{ enabled: string; overdue: string; last: Date | null }>(
    engine,
    `SELECT count(*) FILTER (WHERE enabled) AS enabled,
            count(*) FILTER (WHERE enabled AND next_check_at < now() - $1::int * interval '1 millisecond') AS overdue,
            max(last_checked_at) AS last
       FROM mcp_servers`,
    [OVERDUE_MS],
  );
  const enabled = Number(row?.enabled ?? 0);
  const overdue = Number(row?.overdue ?? 0);
  const last = row?.last ? `last check ${new Date(row.last).toISOString()}` : 'never checked';
  if (enabled === 0) return { check, status: 'ok', message: 'no enabled MCP server to watch' };
  if (overdue === 0) return { check, status: 'ok', message: `${enabled} enabled MCP server(s) checked on time (${last})` };
  return {
    check,
    status: 'warn',
    message: `${overdue} of ${enabled} enabled MCP server(s) overdue by more than 5 min (${last}): is "studio monitor" running?`,
  };
}

/**
 * The run workers, from the runs they hold: live leases, expired leases (a worker died holding a
 * run) and runs waiting in the queue. Reports that this schema has no worker leases when the run
 * engine's columns are absent.
 *
 * @example
 * await workersAlive({ engine, migrated: true }); // { check: 'workers', status: 'ok', message: '1 worker(s) holding 2 run(s); 0 queued' }
 */
export async function workersAlive({ engine, migrated }: DoctorContext): Promise<DoctorResult> {
  const check = 'workers';
  if (!migrated) return { check, status: 'warn', message: 'not checked: the database is not migrated' };
  const columns = await queryRows<{ column_name: string }>(
    engine,
    "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'runs' AND column_name IN ('worker_id', 'lease_expires_at')",
  );
  if (columns.length < 2) return { check, status: 'ok', message: 'this schema has no run queue (no worker leases to check)' };
  const [row] = await queryRows<{ workers: string; expired: string; queued: string; stale: string }>(
    engine,
    `SELECT count(DISTINCT worker_id) FILTER (WHERE status = 'running' AND lease_expires_at > now()) AS workers,
            count(*) FILTER (WHERE status = 'running' AND lease_expires_at <= now()) AS expired,
            count(*) FILTER (WHERE status = 'queued') AS queued,
            count(*) FILTER (WHERE status = 'queued' AND created_at < now() - interval '1 minute') AS stale
       FROM runs`,
  );
  const workers = Number(row?.workers ?? 0);
  const expired = Number(row?.expired ?? 0);
  const queued = Number(row?.queued ?? 0);
  const stale = Number(row?.stale ?? 0);
  const summary = `${workers} worker(s) holding runs; ${queued} run(s) queued; ${expired} expired lease(s)`;
  if (expired > 0 || stale > 0) {
    return { check, status: 'warn', message: `${summary}${stale ? `; ${stale} queued for over a minute: is "studio worker" running?` : ''}` };
  }
  return { check, status: 'ok', message: summary };
}

/**
 * The outbound policy (which hosts HTTP executors and MCP probes may reach). This build has none
 * to read yet: reported as a warning so an operator knows outbound traffic is not restricted here.
 *
 * @example
 * await outboundPolicy(); // { check: 'outbound policy', status: 'warn', message: 'none in this build ...' }
 */
export function outboundPolicy(): Promise<DoctorResult> {
  return Promise.resolve({
    check: 'outbound policy',
    status: 'warn',
    message: 'none in this build: HTTP executors and MCP probes may reach any address',
  });
}
