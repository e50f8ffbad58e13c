/**
 * The pictures' fixtures: a 20-node workflow with both condition branches, and a 3-step run with
 * one retry (for the SVG route tests and `svg:screenshot`).
 *
 * @module
 */
import type { RunDto, RunStepDto, WorkflowDefinition } from '@agent-studio/sdk';

/**
 * `start → decide`, then nine function nodes on the `true` branch and nine on the `false` one.
 *
 * @example
 * const definition = branchingWorkflow(fn.echo);
 */
export function branchingWorkflow(fnId: string): WorkflowDefinition {
  const branch = (prefix: string) => Array.from({ length: 9 }, (_, i) => ({ id: `${prefix}${i + 1}`, type: 'function' as const, ref: fnId }));
  const yes = branch('yes');
  const no = branch('no');
  return {
    startNodeId: 'start',
    nodes: [
      { id: 'start', type: 'function', ref: fnId, name: '<script>alert(1)</script>' },
      { id: 'decide', type: 'condition', config: { expression: 'output.ok == true' } },
      ...yes,
      ...no,
    ],
    edges: [
      { from: 'start', to: 'decide' },
      { from: 'decide', to: 'yes1', condition: 'true' },
      { from: 'decide', to: 'no1', condition: 'false' },
      ...yes.slice(1).map((n, i) => ({ from: yes[i]!.id, to: n.id })),
      ...no.slice(1).map((n, i) => ({ from: no[i]!.id, to: n.id })),
    ],
  };
}

type TimelineRun = Pick<RunDto, 'id' | 'status' | 'startedAt' | 'finishedAt' | 'createdAt'>;
type TimelineStep = Pick<RunStepDto, 'stepKey' | 'nodeId' | 'kind' | 'status' | 'attempt' | 'startedAt' | 'finishedAt'>;

/**
 * A finished run `fetch → call (failed once, retried) → stamp`, as its DTOs would say.
 *
 * @example
 * const { run, steps } = runWithRetry();
 */
export function runWithRetry(): { run: TimelineRun; steps: TimelineStep[] } {
  const at = (ms: number) => new Date(Date.UTC(2026, 11, 1, 12) + ms).toISOString();
  const step = (stepKey: string, attempt: number, status: TimelineStep['status'], from: number, to: number): TimelineStep => ({
    stepKey, nodeId: stepKey, kind: 'function', status, attempt, startedAt: at(from), finishedAt: at(to),
  });
  return {
    run: { id: '7f3c2a10-0000-4000-8000-000000000001', status: 'succeeded', createdAt: at(0), startedAt: at(5), finishedAt: at(420) },
    steps: [step('fetch', 1, 'succeeded', 10, 60), step('call', 1, 'failed', 62, 180), step('call', 2, 'succeeded', 260, 350), step('stamp', 1, 'succeeded', 352, 410)],
  };
}
