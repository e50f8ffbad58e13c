/**
 * Schemas of token usage (`GET /usage`): the tokens of model calls (`run_steps.tokens_in/out`)
 * summed per agent, deployment and/or day.
 *
 * @module
 */
import { z } from 'zod';
import { idSchema } from '../../common/id-schema.js';
import { timestampSchema } from '../../common/timestamps.js';

/** The longest window one usage query may cover. */
export const USAGE_MAX_RANGE_DAYS = 366;

/**
 * What usage can be grouped by: `agent` (the agent whose model was called — an agent node of a
 * workflow too), `deployment` (the run's deployment), `day` (UTC, of the model call).
 *
 * @example
 * usageGroupSchema.parse('day');
 */
export const usageGroupSchema = z.enum(['agent', 'deployment', 'day']);

/** A usage grouping. */
export type UsageGroup = z.infer<typeof usageGroupSchema>;

const groupByListSchema = z
  .union([z.string(), z.array(z.string())])
  .transform((value, ctx) => {
    const parts = (Array.isArray(value) ? value : [value]).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
    const out: UsageGroup[] = [];
    for (const part of parts) {
      const parsed = usageGroupSchema.safeParse(part);
      if (!parsed.success) {
        ctx.addIssue({ code: 'custom', message: `"${part}" is not one of agent, deployment, day` });
        return z.NEVER;
      }
      if (!out.includes(parsed.data)) out.push(parsed.data);
    }
    return out;
  });

export const usageQuerySchema = z
  .strictObject({
    from: timestampSchema.optional().describe('Start of the window (inclusive); default 30 days before `to`.'),
    to: timestampSchema.optional().describe('End of the window (exclusive); default now.'),
    groupBy: groupByListSchema.optional().describe('agent, deployment and/or day (UTC), comma-separated; default day.'),
    agentId: idSchema.optional().describe('Only the model calls of this agent.'),
    deploymentId: idSchema.optional().describe('Only the runs of this deployment.'),
  })
  .transform((q, ctx) => {
    const to = q.to === undefined ? new Date() : new Date(q.to);
    const from = q.from === undefined ? new Date(to.getTime() - 30 * 86_400_000) : new Date(q.from);
    if (from.getTime() >= to.getTime()) ctx.addIssue({ code: 'custom', path: ['from'], message: 'must be before to' });
    else if (to.getTime() - from.getTime() > USAGE_MAX_RANGE_DAYS * 86_400_000) {
      ctx.addIssue({ code: 'custom', path: ['from'], message: `the window may span at most ${USAGE_MAX_RANGE_DAYS} days` });
    }
    return { from, to, groupBy: q.groupBy ?? (['day'] as UsageGroup[]), agentId: q.agentId, deploymentId: q.deploymentId };
  })
  .describe('The window, grouping and filters of a usage report (timestamps ISO-8601 with an offset; a window of at most 366 days; an empty groupBy: the totals only).');

/** Input of `getUsage`, before parsing (query strings). */
export type UsageQuery = z.input<typeof usageQuerySchema>;

const totalsShape = {
  inputTokens: z.number().int().describe('Prompt tokens.'),
  outputTokens: z.number().int().describe('Completion tokens.'),
  totalTokens: z.number().int(),
  modelCalls: z.number().int().describe('Model calls that reported usage.'),
  runs: z.number().int().describe('Distinct runs those calls belong to.'),
};

export const usageRowSchema = z
  .object({
    agentId: z.uuid().nullable().optional().describe('With groupBy agent (null: the agent was deleted).'),
    deploymentId: z.uuid().nullable().optional().describe('With groupBy deployment (null: no deployment, or deleted).'),
    day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional().describe('With groupBy day: the UTC date.'),
    ...totalsShape,
  })
  .describe('The tokens of one group.');

/** A usage row DTO. */
export type UsageRow = z.output<typeof usageRowSchema>;

export const usageReportSchema = z
  .object({
    from: timestampSchema,
    to: timestampSchema,
    groupBy: z.array(usageGroupSchema),
    data: z.array(usageRowSchema),
    totals: z.object(totalsShape),
  })
  .describe('Tokens of model calls per agent / deployment / day: one row per group (ordered by the group keys) and the totals.');

/** A usage report DTO. */
export type UsageReport = z.output<typeof usageReportSchema>;
