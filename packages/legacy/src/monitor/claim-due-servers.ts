/**
 * Claiming due servers, so two monitors never check the same server in one round.
 *
 * @module
 */
import type { Engine } from '@agent-studio/db/engine';

/** A server claimed for one sweep. */
export interface Claim {
  readonly id: string;
  /** `next_check_at` before the claim (text, full precision), restored if the claim is released. */
  readonly previous: string;
}

/** A sweep's claims: the ids and the lease they carry. */
export interface ClaimBatch {
  readonly claims: readonly Claim[];
  /** The `next_check_at` every claimed row now holds until its check is written. */
  readonly leaseUntil: Date;
}

/**
 * Claims up to `limit` enabled servers whose `next_check_at <= now`, longest-overdue first, in
 * one autocommitted statement:
 *
 * ```sql
 * UPDATE mcp_servers SET next_check_at = <lease> FROM (
 *   SELECT id, next_check_at FROM mcp_servers WHERE enabled AND next_check_at <= $now
 *   ORDER BY next_check_at, id LIMIT $n FOR UPDATE SKIP LOCKED) due ... RETURNING id
 * ```
 *
 * A row claimed (or being written) by another monitor is skipped, and once claimed it is not due
 * again until the lease runs out — so a monitor that dies mid-sweep only delays its servers by the
 * lease. Recording a check replaces the lease with the real next check time. Uses one pooled
 * connection for the one statement.
 *
 * @example
 * const { claims } = await claimDueServers(engine, { now: new Date(), limit: 100, leaseMs: 60_000 });
 */
export async function claimDueServers(
  engine: Engine,
  options: { now: Date; limit: number; leaseMs: number },
): Promise<ClaimBatch> {
  const leaseUntil = new Date(options.now.getTime() + options.leaseMs);
  const connection = await engine.acquire();
  let broken = false;
  try {
    const { rows } = await connection.query<{ id: string; previous: string }>(
      `UPDATE mcp_servers AS s SET next_check_at = $2
         FROM (SELECT id, next_check_at FROM mcp_servers
                WHERE enabled AND next_check_at <= $1
                ORDER BY next_check_at, id
                LIMIT $3
                FOR UPDATE SKIP LOCKED) AS due
        WHERE s.id = due.id
        RETURNING s.id, due.next_check_at::text AS previous, due.next_check_at AS previous_at`,
      [options.now, leaseUntil, options.limit],
    );
    const ordered = [...(rows as Array<{ id: string; previous: string; previous_at: Date }>)].sort(
      (a, b) => a.previous_at.getTime() - b.previous_at.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    );
    return { claims: ordered.map(({ id, previous }) => ({ id, previous })), leaseUntil };
  } catch (e) {
    broken = isBrokenConnection(e);
    throw e;
  } finally {
    engine.release(connection, broken);
  }
}

/**
 * Hands claims back: each row whose `next_check_at` still holds this batch's lease gets its
 * previous value again (a row already checked, or re-claimed, is left alone). Returns how many
 * were restored.
 *
 * @example
 * await releaseClaims(engine, batch, notStarted);
 */
export async function releaseClaims(engine: Engine, batch: ClaimBatch, claims: readonly Claim[]): Promise<number> {
  if (claims.length === 0) return 0;
  const connection = await engine.acquire();
  let broken = false;
  try {
    const result = await connection.query(
      `UPDATE mcp_servers AS s SET next_check_at = r.previous::timestamptz
         FROM unnest($1::uuid[], $2::text[]) AS r(id, previous)
        WHERE s.id = r.id AND s.next_check_at = $3`,
      [claims.map((c) => c.id), claims.map((c) => c.previous), batch.leaseUntil],
    );
    return result.rowCount ?? 0;
  } catch (e) {
    broken = isBrokenConnection(e);
    throw e;
  } finally {
    engine.release(connection, broken);
  }
}

function isBrokenConnection(e: unknown): boolean {
  const code = (e as { code?: unknown }).code;
  return typeof code !== 'string' || code.startsWith('08') || code.startsWith('57P');
}
