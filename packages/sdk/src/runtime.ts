/**
 * `@agent-studio/sdk/runtime` — the run engine, session-free: the worker that executes deployed
 * workflows from the PostgreSQL job queue, watching a run's events, and the node executors. It
 * is handed a `RuntimeDatabase` (`createRuntimeDatabase(engine)` from `@agent-studio/db/engine`)
 * and opens its own exec sessions, one short unit of work per checkpoint.
 *
 * @example
 * import { createRunWorker, watchRun } from '@agent-studio/sdk/runtime';
 * const worker = createRunWorker(db, { concurrency: 4 });
 * await worker.start();
 * for await (const event of watchRun(db, runId)) console.log(event.type);
 *
 * @module
 */
export { type RuntimeDatabase, type RuntimeNotifications, inSession } from './runtime/runtime-database.js';
export { RUN_CHANNELS } from './runtime/run-channels.js';
export { RUN_EVENT_TYPES, TERMINAL_RUN_EVENT_TYPES, isTerminalRunEvent, type RunEventType } from './runtime/run-event-types.js';
export { type RunObserver, type StepKind, type StepOutcome } from './runtime/run-observer.js';
export { createRunWorker, type RunWorker, type RunWorkerOptions, type RunWorkerStats, type RuntimeLogger } from './runtime/run-worker.js';
export { watchRun, waitForRun, type WatchRunOptions } from './runtime/watch-run.js';
export { executeRun, STEP_TIMEOUT_MS, type RunControl, type RunResult, type StopReason } from './runtime/execute-run.js';
export { planWorkflow, nextNodes, runOutput, upstreamOf, type WorkflowPlan, type NodeOutcome, type PlanStep } from './runtime/workflow-plan.js';
export { type RunJobData } from './runtime/run-queue.js';
export * from './runtime/agent/index.js';
