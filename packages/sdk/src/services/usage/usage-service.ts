/**
 * `UsageService`: tokens of model calls (each a run step with `tokens_in` / `tokens_out`), summed
 * per agent, deployment and/or UTC day in one `GROUP BY` on the database.
 *
 * @module
 */
import type { ExecSession } from '@agent-studio/db/exec';
import { parseInput } from '../../common/parse-input.js';
import { usageQuerySchema, type UsageGroup, type UsageQuery, type UsageReport, type UsageRow } from './usage-schemas.js';

/** The SQL expression of each grouping (steps `s`, runs `r`). */
const GROUP_SQL: Record<UsageGroup, { expr: string; column: string }> = {
  agent: { expr: 's.agent_id', column: 'agent_id' },
  deployment: { expr: 'r.deployment_id', column: 'deployment_id' },
  day: { expr: `to_char(s.started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')`, column: 'day' },
};

type SumRow = { agent_id?: string | null; deployment_id?: string | null; day?: string; i: string; o: string; calls: string; runs: string };

function sums(row: Pick<SumRow, 'i' | 'o' | 'calls' | 'runs'>) {
  const inputTokens = Number(row.i);
  const outputTokens = Number(row.o);
  return { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens, modelCalls: Number(row.calls), runs: Number(row.runs) };
}

/**
 * Token usage reports.
 *
 * @example
 * const report = await UsageService.getUsage(session, { from: '2026-11-01T00:00:00Z', groupBy: 'agent,day' });
 */
export const UsageService = {
  /**
   * Sums the tokens of the model calls started in `[from, to)`, per the groups asked for (rows
   * ordered by the group keys), with the totals over all groups.
   *
   * @throws ValidationError a malformed or reversed window, a window over 366 days, an unknown
   *   group, an unknown parameter, a malformed id.
   * @example
   * const { data, totals } = await UsageService.getUsage(session, { groupBy: 'deployment', from: '2026-12-01T00:00:00Z' });
   */
  async getUsage(session: ExecSession, query: UsageQuery = {}): Promise<UsageReport> {
    const q = parseInput(usageQuerySchema, query ?? {});
    const values: unknown[] = [q.from, q.to];
    const where = ['s.started_at >= $1', 's.started_at < $2', '(s.tokens_in IS NOT NULL OR s.tokens_out IS NOT NULL)'];
    if (q.agentId !== undefined) where.push(`s.agent_id = $${values.push(q.agentId)}`);
    if (q.deploymentId !== undefined) where.push(`r.deployment_id = $${values.push(q.deploymentId)}`);
    const groups = q.groupBy.map((g) => GROUP_SQL[g]);
    const select = groups.map((g) => `${g.expr} AS ${g.column}, `).join('');
    const measures = `COALESCE(sum(s.tokens_in), 0)::bigint AS i, COALESCE(sum(s.tokens_out), 0)::bigint AS o,
      count(*) AS calls, count(DISTINCT s.run_id) AS runs`;
    const from = `FROM run_steps s JOIN runs r ON r.id = s.run_id WHERE ${where.join(' AND ')}`;
    const grouping = groups.length ? ` GROUP BY ${groups.map((_, i) => i + 1).join(', ')} ORDER BY ${groups.map((_, i) => `${i + 1} NULLS LAST`).join(', ')}` : '';
    const [{ rows }, { rows: total }] = [
      await session.executeSql<SumRow>(`SELECT ${select}${measures} ${from}${grouping}`, values),
      await session.executeSql<SumRow>(`SELECT ${measures} ${from}`, values),
    ];
    const data: UsageRow[] = (groups.length ? rows : []).map((row) => ({
      ...(q.groupBy.includes('agent') ? { agentId: row.agent_id ?? null } : {}),
      ...(q.groupBy.includes('deployment') ? { deploymentId: row.deployment_id ?? null } : {}),
      ...(q.groupBy.includes('day') ? { day: row.day! } : {}),
      ...sums(row),
    }));
    return { from: q.from.toISOString(), to: q.to.toISOString(), groupBy: q.groupBy, data, totals: sums(total[0]!) };
  },
};
