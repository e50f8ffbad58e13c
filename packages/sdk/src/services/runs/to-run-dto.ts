/**
 * Maps a `runs` row to its DTO.
 *
 * @module
 */
import type { Run } from '@agent-studio/db/models';
import { toIso } from '../../common/timestamps.js';
import type { RunDto } from './runs-schemas.js';

/**
 * The JSON-safe DTO of a run row.
 *
 * @example
 * const dto = toRunDto(await session.get(Run, id));
 */
export function toRunDto(row: Run): RunDto {
  return {
    id: row.id,
    deploymentId: row.deploymentId,
    agentId: row.agentId,
    workflowId: row.workflowId,
    status: row.status,
    input: row.input,
    output: row.output,
    error: row.error,
    reason: row.reason,
    attempt: row.attempt,
    deadlineAt: toIso(row.deadlineAt),
    cancelRequestedAt: toIso(row.cancelRequestedAt),
    startedAt: toIso(row.startedAt),
    finishedAt: toIso(row.finishedAt),
    createdAt: toIso(row.createdAt),
    updatedAt: toIso(row.updatedAt),
  };
}
