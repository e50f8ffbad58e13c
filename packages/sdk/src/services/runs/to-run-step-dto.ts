/**
 * Maps a `run_steps` row to its DTO.
 *
 * @module
 */
import type { RunStep } from '@agent-studio/db/models';
import { toIso } from '../../common/timestamps.js';
import type { RunStepDto } from './runs-schemas.js';

/**
 * The JSON-safe DTO of a run step row.
 *
 * @example
 * const steps = rows.map(toRunStepDto);
 */
export function toRunStepDto(row: RunStep): RunStepDto {
  return {
    id: row.id,
    runId: row.runId,
    nodeId: row.nodeId,
    stepKey: row.stepKey,
    kind: row.kind,
    status: row.status,
    attempt: row.attempt,
    input: row.input,
    output: row.output,
    error: row.error,
    tokensIn: row.tokensIn,
    tokensOut: row.tokensOut,
    finishReason: row.finishReason,
    startedAt: toIso(row.startedAt),
    finishedAt: toIso(row.finishedAt),
  };
}
