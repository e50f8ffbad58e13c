/**
 * Pictures: `GET /runs/:id/timeline.svg` (the run as a waterfall) and
 * `GET /workflows/:id/graph.svg` (the definition laid out by Graphviz), both drawn server-side.
 *
 * @module
 */
import { RunsService, WorkflowsService, workflowDefinitionSchema } from '@agent-studio/sdk';
import { renderRunTimeline } from '../svg/run-timeline-svg.js';
import { renderWorkflowGraph } from '../svg/workflow-graph-svg.js';
import type { HandlerResult } from '../session/request-session.js';
import { HttpProblem } from '../http/http-problem.js';
import { defineRoute, type RouteSpec } from './route-spec.js';
import { idParams } from './route-helpers.js';

const SVG = { type: 'image/svg+xml', description: 'An SVG image' } as const;

/** A reply written after the commit as `image/svg+xml`. */
function svgReply(svg: string): HandlerResult {
  return {
    stream: ({ res }) => {
      res.status(200).setHeader('Content-Type', 'image/svg+xml; charset=utf-8');
      res.end(svg);
      return Promise.resolve();
    },
  };
}

/**
 * The two SVG routes.
 *
 * @example
 * const routes = [...svgRoutes()];
 */
export function svgRoutes(): RouteSpec[] {
  return [
    defineRoute({
      method: 'get', path: '/runs/:id/timeline.svg', operationId: 'getRunTimelineSvg', tag: 'runs',
      summary: 'The run as a waterfall (SVG): one bar per step attempt, coloured by outcome, retries visible, the critical path outlined',
      params: idParams, status: 200,
      otherResponses: { 200: { description: 'The timeline', mediaType: SVG } },
      handler: async ({ session, params }) => {
        const { run, steps } = await RunsService.getRunWithSteps(session, params.id);
        return svgReply(renderRunTimeline(run, steps));
      },
    }),
    defineRoute({
      method: 'get', path: '/workflows/:id/graph.svg', operationId: 'getWorkflowGraphSvg', tag: 'workflows',
      summary: 'The workflow definition drawn by Graphviz (SVG): nodes by kind, condition branches labelled',
      params: idParams, status: 200,
      otherResponses: { 200: { description: 'The graph', mediaType: SVG } },
      handler: async ({ session, params }) => {
        const workflow = await WorkflowsService.getWorkflow(session, params.id);
        const definition = workflowDefinitionSchema.safeParse(workflow.definition);
        if (!definition.success) throw new HttpProblem(409, 'The workflow definition is incomplete (a draft): validate it first.');
        return svgReply(await renderWorkflowGraph(definition.data));
      },
    }),
  ];
}
