/**
 * Maps agent rows (and agent–function links) to DTOs: JSON-safe, ISO timestamps.
 *
 * @module
 */
import type { Agent, AgentFunction, StudioFunction } from '@agent-studio/db/models';
import { toIso } from '../../common/timestamps.js';
import { toFunctionDto } from '../functions/to-function-dto.js';
import type { AgentDto, AgentFunctionDto } from './agents-schemas.js';

/**
 * The DTO of an agent row.
 *
 * @example
 * return toAgentDto(row);
 */
export function toAgentDto(row: Agent): AgentDto {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    model: row.model,
    instructions: row.instructions,
    temperature: row.temperature,
    config: row.config,
    status: row.status,
    version: row.version,
    createdAt: toIso(row.createdAt),
    updatedAt: toIso(row.updatedAt),
  };
}

/**
 * The DTO of an agent–function link, with the function.
 *
 * @example
 * return toAgentFunctionDto(link, fn);
 */
export function toAgentFunctionDto(link: AgentFunction, fn: StudioFunction): AgentFunctionDto {
  return {
    id: link.id,
    agentId: link.agentId,
    functionId: link.functionId,
    position: link.position,
    createdAt: toIso(link.createdAt),
    function: toFunctionDto(fn),
  };
}
