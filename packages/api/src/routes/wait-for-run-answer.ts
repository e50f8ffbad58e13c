/**
 * `Prefer: wait=N` on an operation that starts or stops a run: answer at once when the run has
 * already finished or no wait is asked, else wait (after the commit, so a worker can see the
 * run) up to N seconds for it to finish.
 *
 * @module
 */
import { RunsService, FINISHED_RUN_STATUSES, type RunDto } from '@agent-studio/sdk';
import { waitForRun, type RuntimeDatabase } from '@agent-studio/sdk/runtime';
import type { Request } from 'express';
import { preferredWaitSeconds } from '../http/prefer-wait.js';
import type { HandlerResult } from '../session/request-session.js';

/**
 * The `Location` header of a run.
 *
 * @example
 * runLocation(run.id); // { Location: '/api/v1/runs/3f2c…' }
 */
export function runLocation(runId: string): Record<string, string> {
  return { Location: `/api/v1/runs/${runId}` };
}

/**
 * True when the run is in a terminal status (succeeded, failed, cancelled, timed out).
 *
 * @example
 * if (isFinishedRun(run)) return { status: 200, body: run };
 */
export function isFinishedRun(run: RunDto): boolean {
  return FINISHED_RUN_STATUSES.includes(run.status);
}

async function readRun(runtime: RuntimeDatabase, runId: string): Promise<RunDto> {
  const session = runtime.openSession();
  try {
    return await RunsService.getRun(session, runId);
  } finally {
    await session.close();
  }
}

/**
 * The answer for `run`: `200` and the run when it has finished; otherwise, without a wait,
 * `pendingStatus` (202) and the run as it is; with `Prefer: wait=N`, `200` and the finished run
 * if it ends within N seconds, else `pendingStatus` and the run as it is then. A wait that was
 * honoured is named in `Preference-Applied`.
 *
 * @example
 * return waitForRunAnswer(req, runtime, run, created ? 202 : 200);
 */
export function waitForRunAnswer(req: Request, runtime: RuntimeDatabase, run: RunDto, pendingStatus: number): HandlerResult {
  const headers = runLocation(run.id);
  if (isFinishedRun(run)) return { status: 200, body: run, headers };
  const seconds = preferredWaitSeconds(req);
  if (!seconds) return { status: pendingStatus, body: run, headers };
  return {
    afterCommit: async ({ signal }) => {
      const finished = await waitForRun(runtime, run.id, { timeoutMs: seconds * 1000, signal });
      const applied = { ...headers, 'Preference-Applied': `wait=${seconds}` };
      if (finished) return { status: 200, body: finished, headers: applied };
      return { status: pendingStatus, body: await readRun(runtime, run.id), headers: applied };
    },
  };
}
