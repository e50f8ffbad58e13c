/**
 * Paging of list results: `limit` (default 20, max 100) and `offset`, and the
 * `{ data, pagination: { total, limit, offset } }` shape every list returns.
 * @module
 */
import type { ExecSession, OrderDirection, Select } from '@agent-studio/db/exec';
import type { ModelClass } from '@agent-studio/db/models';
import { z } from 'zod';
import type { SortSpec } from './sort.js';

/** Default and maximum page sizes. */
export const PAGE_LIMITS = { default: 20, max: 100 } as const;

const offsetSchema = z.coerce.number().int().min(0);

/**
 * `limit` / `offset` of a list request (numbers or numeric strings). `skip`, the original API's
 * name, is an alias of `offset` (used when `offset` is 0 or absent); the parsed value carries
 * `offset` only, so it parses again to itself.
 *
 * @example
 * const { limit, offset } = parseInput(pageQuerySchema, { limit: '50', skip: '20' }); // 50, 20
 */
export const pageQuerySchema = z
  .object({
    limit: z.coerce.number().int().min(1).max(PAGE_LIMITS.max).default(PAGE_LIMITS.default),
    offset: offsetSchema.default(0),
    skip: offsetSchema.optional().describe('Alias of `offset`.'),
  })
  .overwrite(({ skip, ...page }) => (skip !== undefined && page.offset === 0 ? { ...page, offset: skip } : page));

/** Parsed `limit` / `offset`. */
export type PageQuery = z.output<typeof pageQuerySchema>;

/** A page of results. */
export interface Page<T> {
  readonly data: T[];
  readonly pagination: { readonly total: number; readonly limit: number; readonly offset: number };
}

/**
 * The zod schema of a page of `item`.
 *
 * @example
 * export const agentPageSchema = pageSchema(agentSchema);
 */
export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({
    data: z.array(item),
    pagination: z.object({ total: z.number().int(), limit: z.number().int(), offset: z.number().int() }),
  });
}

/**
 * Runs a filtered statement as one page: counts every match, then fetches `limit` rows from
 * `offset`, sorted by `sort` (`attr` or `-attr`) with the id as tie-breaker so pages are stable.
 *
 * @example
 * const { rows, pagination } = await fetchPage(session, select(Agent).where(filter), q, q.sort);
 * return { data: rows.map(toAgentDto), pagination };
 */
export async function fetchPage<C extends ModelClass, R extends { id: string }>(
  session: ExecSession,
  statement: Select<C, R>,
  page: PageQuery,
  sort: SortSpec<keyof R & string>,
): Promise<{ rows: R[]; pagination: Page<R>['pagination'] }> {
  const direction: OrderDirection = sort.startsWith('-') ? 'desc' : 'asc';
  const attribute = (direction === 'desc' ? sort.slice(1) : sort) as keyof R & string;
  const total = await session.exec(statement.count()).one();
  const rows = await session
    .exec(statement.orderBy(attribute, direction).orderBy('id', direction).offset(page.offset).limit(page.limit))
    .all();
  return { rows, pagination: { total, limit: page.limit, offset: page.offset } };
}
