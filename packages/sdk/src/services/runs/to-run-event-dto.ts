/**
 * Maps a `run_events` row to its DTO.
 *
 * @module
 */
import type { RunEvent } from '@agent-studio/db/models';
import { toIso } from '../../common/timestamps.js';
import type { RunEventDto } from './runs-schemas.js';

/**
 * The JSON-safe DTO of a run event row.
 *
 * @example
 * res.write(`id: ${toRunEventDto(row).id}\n`);
 */
export function toRunEventDto(row: RunEvent): RunEventDto {
  return { id: String(row.id), runId: row.runId, type: row.type, stepKey: row.stepKey, data: row.data, createdAt: toIso(row.createdAt) };
}
