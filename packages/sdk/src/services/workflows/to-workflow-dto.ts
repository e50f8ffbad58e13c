/**
 * Maps a `workflows` row to its DTO.
 *
 * @module
 */
import type { Workflow } from '@agent-studio/db/models';
import { toIso } from '../../common/timestamps.js';
import type { WorkflowDefinition } from './workflow-definition-schema.js';
import type { WorkflowDto } from './workflows-schemas.js';

/**
 * The JSON-safe DTO of a workflow row (draft or published version). The definition is returned
 * as stored: it was checked against the definition schema when it was written.
 *
 * @example
 * const dto = toWorkflowDto(await session.get(Workflow, id));
 */
export function toWorkflowDto(row: Workflow): WorkflowDto {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    definition: row.definition as unknown as WorkflowDefinition,
    publishedFromId: row.publishedFromId,
    versionNumber: row.versionNumber,
    publishedAt: toIso(row.publishedAt),
    version: row.version,
    createdAt: toIso(row.createdAt),
    updatedAt: toIso(row.updatedAt),
  };
}
