/**
 * Executes one claimed run of a published workflow: schedules its nodes from the definition and
 * the checkpoints, runs each step (retries, step timeout, cancellation), checkpoints every start
 * and end, and says how the run ended. Session-free: it is handed a {@link RuntimeDatabase}.
 *
 * @module
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { select } from '@agent-studio/db/exec';
import { Agent, AgentFunction, McpServer, StudioFunction, Workflow, type JsonValue } from '@agent-studio/db/models';
import type { ExecSession } from '@agent-studio/db/exec';
import { failSpan, withSpan } from '@agent-studio/db/tracing';
import { SpanStatusCode, type Span } from '@opentelemetry/api';
import { ModelProvidersService } from '../services/model-providers/model-providers-service.js';
import { isAgentLoopError } from './agent/agent-loop-error.js';
import { runAgentNode, type LoadedAgent } from './agent-node.js';
import type { ChatMessage } from './agent/chat-message.js';
import { threadHistory } from './thread-turns.js';
import { workflowDefinitionSchema, type WorkflowNode } from '../services/workflows/workflow-definition-schema.js';
import { appendRunEvent } from './append-run-event.js';
import { executeFunction, type ExecutorDeps } from './executors/function-call.js';
import { parseRetryPolicy, retryDelayMs, shouldRetry } from './executors/retry-policy.js';
import { StepError, toStepError } from './executors/step-error.js';
import { compileCondition, evaluateCondition } from './expressions/condition.js';
import { isExpressionError } from './expressions/expression-error.js';
import { compileInputMapping } from './expressions/input-mapping.js';
import { resolveNodeInput } from './expressions/node-input.js';
import { buildRunState } from './expressions/run-state.js';
import { isLeaseLostError } from './lease-lost-error.js';
import { finishStep, loadCheckpoints, startStep, type ClaimedRun, type RunEnding, type StepCheckpoint, type StepFinish } from './run-checkpoints.js';
import { inSession, type RuntimeDatabase } from './runtime-database.js';
import { tell, type RunObserver, type StepOutcome } from './run-observer.js';
import { nextNodes, planWorkflow, runOutput, upstreamOf, type NodeOutcome, type WorkflowPlan } from './workflow-plan.js';

/** Why a run's work was stopped from outside. */
export type StopReason = 'cancelled' | 'timed_out' | 'handoff' | 'lost';

/** Per-step limits (node `config.timeoutMs`). */
export const STEP_TIMEOUT_MS = { default: 30_000, max: 600_000 } as const;

/** What the engine does with a run. */
export type RunResult = { readonly kind: 'ended'; readonly ending: RunEnding } | { readonly kind: 'handoff' } | { readonly kind: 'lost' };

/** The handles a worker gives the engine for one run. */
export interface RunControl {
  /** Aborted with a {@link StopReason} as its `reason` when the run must stop. */
  readonly signal: AbortSignal;
  /** True once the worker is stopping: finish the steps in flight, start no new one. */
  readonly draining: () => boolean;
  /** Told each step attempt's end and each model call (metrics). */
  readonly observer?: RunObserver;
}

interface LoadedFunction {
  readonly fn: StudioFunction;
  readonly mcpServer: McpServer | null;
}

interface RunContext {
  readonly db: RuntimeDatabase;
  readonly run: ClaimedRun;
  readonly plan: WorkflowPlan;
  readonly functions: ReadonlyMap<string, LoadedFunction>;
  readonly agents: ReadonlyMap<string, LoadedAgent>;
  readonly checkpoints: ReadonlyMap<string, StepCheckpoint>;
  readonly control: RunControl;
  readonly deps: ExecutorDeps;
  readonly outcomes: Map<string, NodeOutcome>;
  readonly attempts: Map<string, number>;
  readonly history?: ChatMessage[];
}

function stopReason(signal: AbortSignal): StopReason | undefined {
  if (!signal.aborted) return undefined;
  const reason: unknown = signal.reason;
  return reason === 'cancelled' || reason === 'timed_out' || reason === 'handoff' || reason === 'lost' ? reason : 'cancelled';
}

function stoppedEnding(reason: 'cancelled' | 'timed_out'): RunEnding {
  return reason === 'cancelled'
    ? { status: 'cancelled', reason: 'cancelled', error: 'the run was cancelled' }
    : { status: 'timed_out', reason: 'deadline', error: 'the run did not finish before its deadline' };
}

/** A step failed for good: the run fails with it. */
class StepFailed extends Error {
  constructor(
    readonly nodeId: string,
    readonly stepError: StepError,
    /** The run's reason: `step_failed`, or the agent loop's (`max_iterations`, `token_budget`, ...). */
    readonly reason = 'step_failed',
  ) {
    super(`step "${nodeId}" failed: ${stepError.message}`);
  }
}

function nodeTimeoutMs(node: WorkflowNode): number {
  const value = node.config?.timeoutMs;
  return typeof value === 'number' && Number.isFinite(value) && value > 0
    ? Math.min(Math.floor(value), STEP_TIMEOUT_MS.max)
    : STEP_TIMEOUT_MS.default;
}

/** The MCP servers the functions call, by id (one query). */
async function serversOf(session: ExecSession, functions: readonly StudioFunction[]): Promise<Map<string, McpServer>> {
  const ids = [...new Set(functions.map((f) => f.mcpServerId).filter((id): id is string => id !== null))];
  const servers = ids.length ? await session.exec(select(McpServer).where({ id: { in: ids } })).all() : [];
  return new Map(servers.map((m) => [m.id, m]));
}

/** Loads agents with their functions, MCP servers and model providers (secrets decrypted). */
async function loadAgents(session: ExecSession, agentIds: readonly string[]): Promise<Map<string, LoadedAgent>> {
  const loaded = new Map<string, LoadedAgent>();
  if (!agentIds.length) return loaded;
  const agents = await session.exec(select(Agent).where({ id: { in: [...agentIds] } })).all();
  for (const agent of agents) {
    const links = await session.exec(select(AgentFunction).where({ agentId: agent.id }).orderBy('position')).all();
    const fnIds = links.map((l) => l.functionId);
    const functions = fnIds.length ? await session.exec(select(StudioFunction).where({ id: { in: fnIds } })).all() : [];
    const ordered = fnIds.map((id) => functions.find((f) => f.id === id)).filter((f): f is StudioFunction => f !== undefined);
    const { provider } = await ModelProvidersService.resolveModel(session, agent.model);
    loaded.set(agent.id, { agent, provider, functions: ordered, servers: await serversOf(session, ordered) });
  }
  return loaded;
}

/** What one run executes: its plan and the rows its nodes need. */
interface LoadedRun {
  readonly plan: WorkflowPlan;
  readonly functions: Map<string, LoadedFunction>;
  readonly agents: Map<string, LoadedAgent>;
  /** A thread turn's history (read when the run starts executing: the turns before it have ended). */
  readonly history?: ChatMessage[];
}

/** Loads the pinned version (or, for a deployed agent, a one-node plan), its functions, MCP servers and agents (one session). */
async function loadRun(db: RuntimeDatabase, run: ClaimedRun): Promise<LoadedRun> {
  return inSession(db, async (session) => {
    let definition;
    if (run.workflowId) {
      const version = await session.get(Workflow, run.workflowId);
      if (!version) throw new StepError('invalid_input', `workflow version ${run.workflowId} no longer exists`, { retryable: false });
      definition = workflowDefinitionSchema.parse(version.definition);
    } else if (run.agentId) {
      definition = workflowDefinitionSchema.parse({ startNodeId: 'agent', nodes: [{ id: 'agent', type: 'agent', ref: run.agentId }], edges: [] });
    } else {
      throw new StepError('invalid_input', 'the run has no workflow or agent to execute', { retryable: false });
    }
    const fnIds = [...new Set(definition.nodes.filter((n) => n.type === 'function' && n.ref).map((n) => n.ref!))];
    const rows = fnIds.length ? await session.exec(select(StudioFunction).where({ id: { in: fnIds } })).all() : [];
    const byId = await serversOf(session, rows);
    const functions = new Map(rows.map((fn) => [fn.id, { fn, mcpServer: fn.mcpServerId ? (byId.get(fn.mcpServerId) ?? null) : null }]));
    const agentIds = [...new Set(definition.nodes.filter((n) => n.type === 'agent' && n.ref).map((n) => n.ref!))];
    const agents = await loadAgents(session, agentIds);
    const history = run.threadId ? await threadHistory(session, run.threadId) : undefined;
    return { plan: planWorkflow(definition), functions, agents, ...(history ? { history } : {}) };
  });
}

/** A node that succeeded: its output, and the checkpoint of its end, not yet written. */
interface NodeSuccess {
  readonly output: JsonValue;
  /** Written with the next step's start when one follows at once (a chain), else on its own. */
  readonly finish: StepFinish;
}

/**
 * Runs one node: its attempts, each checkpointed; resolves to its success or throws StepFailed.
 * `finishing` is the previous node's end, written by this node's first start checkpoint.
 */
async function runNode(ctx: RunContext, node: WorkflowNode, finishing?: StepFinish): Promise<NodeSuccess> {
  const upstream = upstreamOf(ctx.plan, node.id, ctx.outcomes);
  const outputs = new Map<string, JsonValue>();
  for (const [id, o] of ctx.outcomes) if (o.state === 'succeeded') outputs.set(id, o.output);
  const state = buildRunState({ input: ctx.run.input, outputs, upstream });
  const policy = parseRetryPolicy(node.config?.retry);
  const timeoutMs = nodeTimeoutMs(node);
  const kind = node.type;
  /** Checkpoints an attempt's start (with the previous node's end, the first time). */
  const start = async (input: JsonValue, attempt: number): Promise<string> => {
    const id = await startStep(ctx.db, { runId: ctx.run.id, workerId: ctx.run.workerId, nodeId: node.id, stepKey: node.id, kind, attempt, input }, { finishing });
    finishing = undefined;
    return id;
  };

  /** One attempt, in its `step` span: its success, or the delay before the next attempt (a throw ends the node). */
  const attemptOnce = async (tries: number, attempt: number, span: Span | undefined): Promise<NodeSuccess | { readonly retryInMs: number }> => {
    let input: JsonValue = null;
    let error: StepError | undefined;
    let output: JsonValue = null;
    let stepId: string | undefined;
    let agentError: unknown;
    const began = performance.now();
    const ended = (outcome: StepOutcome) => {
      span?.setAttribute('step.outcome', outcome);
      if (span && outcome !== 'succeeded') span.setStatus({ code: SpanStatusCode.ERROR, message: error?.message ?? outcome });
      tell(ctx.control.observer, 'onStepFinished', { kind, outcome, durationMs: performance.now() - began });
    };
    try {
      if (kind === 'condition') {
        input = state.output;
      } else {
        const mapping = node.config?.input === undefined ? undefined : compileInputMapping(node.config.input);
        input = resolveNodeInput(mapping, state);
      }
      stepId = await start(input, attempt);
      output = await executeNode(ctx, node, input, state, timeoutMs);
    } catch (e) {
      if (stepId === undefined && !(e instanceof StepError) && !isExpressionError(e)) {
        // the checkpoint itself failed (or the lease is lost); a bug before it still writes the previous end
        if (finishing && !isLeaseLostError(e)) await finishStep(ctx.db, finishing).catch(() => undefined);
        throw e;
      }
      agentError = e;
      error = toStepError(e, ctx.control.signal);
      if (span) failSpan(span, e);
      stepId ??= await start(input, attempt);
    }
    if (!error) {
      const finish: StepFinish = {
        runId: ctx.run.id, workerId: ctx.run.workerId, stepId, stepKey: node.id, status: 'succeeded', output,
        event: 'step.succeeded', eventData: { nodeId: node.id, attempt, output },
      };
      ended('succeeded');
      return { output, finish };
    }
    const stopped = stopReason(ctx.control.signal);
    if (stopped) {
      const interrupted = stopped === 'handoff' || stopped === 'lost';
      await finishStep(ctx.db, {
        runId: ctx.run.id, workerId: ctx.run.workerId, stepId, stepKey: node.id, status: interrupted ? 'failed' : 'cancelled',
        error: { code: interrupted ? 'interrupted' : stopped, message: `stopped: ${stopped}`, retryable: interrupted },
        event: 'step.failed', eventData: { nodeId: node.id, attempt, error: { code: interrupted ? 'interrupted' : stopped } },
      }).catch(() => undefined); // a lost lease may also mean a lost database: the next worker re-runs it
      ended(interrupted ? 'failed' : 'cancelled');
      throw error;
    }
    const retry = shouldRetry(tries, policy, error) && !ctx.control.draining();
    const delayMs = retry ? retryDelayMs(tries, policy, error) : 0;
    await finishStep(ctx.db, {
      runId: ctx.run.id, workerId: ctx.run.workerId, stepId, stepKey: node.id, status: 'failed', error: error.toJSON(),
      event: retry ? 'step.retrying' : 'step.failed',
      eventData: { nodeId: node.id, attempt, error: error.toJSON(), ...(retry ? { delayMs } : {}) },
    });
    ended(retry ? 'retrying' : 'failed');
    if (!retry) throw new StepFailed(node.id, error, isAgentLoopError(agentError) ? agentError.reason : undefined);
    return { retryInMs: delayMs };
  };

  for (let tries = 1; ; tries++) {
    const attempt = (ctx.attempts.get(node.id) ?? 0) + 1;
    ctx.attempts.set(node.id, attempt);
    const result = await withSpan(
      `step ${node.id}`,
      { attributes: { 'run.id': ctx.run.id, 'step.node_id': node.id, 'step.kind': kind, 'step.attempt': attempt } },
      (span) => attemptOnce(tries, attempt, span),
    );
    if (!('retryInMs' in result)) return result;
    await delay(result.retryInMs, undefined, { signal: ctx.control.signal }).catch(() => undefined); // a stop ends the wait
    if (ctx.control.signal.aborted) throw toStepError(ctx.control.signal.reason, ctx.control.signal);
  }
}

async function executeNode(ctx: RunContext, node: WorkflowNode, input: JsonValue, state: ReturnType<typeof buildRunState>, timeoutMs: number): Promise<JsonValue> {
  switch (node.type) {
    case 'condition': {
      const expression = node.config?.expression;
      if (typeof expression !== 'string') throw new StepError('invalid_input', 'condition node without an expression', { retryable: false });
      return evaluateCondition(compileCondition(expression), state);
    }
    case 'function': {
      const loaded = node.ref ? ctx.functions.get(node.ref) : undefined;
      if (!loaded) throw new StepError('invalid_input', `function ${node.ref ?? '(none)'} of node "${node.id}" no longer exists`, { retryable: false });
      return executeFunction(
        { fn: loaded.fn, mcpServer: loaded.mcpServer, args: input, signal: ctx.control.signal, timeoutMs, idempotencyKey: `${ctx.run.id}:${node.id}` },
        ctx.deps,
      );
    }
    case 'agent': {
      const loaded = node.ref ? ctx.agents.get(node.ref) : undefined;
      if (!loaded) throw new StepError('invalid_input', `agent ${node.ref ?? '(none)'} of node "${node.id}" no longer exists`, { retryable: false });
      return runAgentNode(
        {
          db: ctx.db, runId: ctx.run.id, workerId: ctx.run.workerId, nodeId: node.id, signal: ctx.control.signal, deps: ctx.deps,
          checkpoints: ctx.checkpoints, attempts: ctx.attempts, toolTimeoutMs: timeoutMs,
          ...(ctx.history ? { history: ctx.history } : {}),
          ...(ctx.control.observer ? { observer: ctx.control.observer } : {}),
        },
        loaded,
        input,
      );
    }
  }
}

/**
 * Executes a claimed run to its end (or until it is stopped). Completed steps (from the
 * checkpoints) are not executed again; a step that was in flight when a previous worker died
 * runs again as its next attempt.
 *
 * @example
 * const result = await executeRun(db, claimed, { signal, draining: () => stopping }, deps);
 * if (result.kind === 'ended') await finishRun(db, claimed.id, workerId, result.ending);
 */
export async function executeRun(db: RuntimeDatabase, run: ClaimedRun, control: RunControl, deps: ExecutorDeps = {}): Promise<RunResult> {
  let loaded: LoadedRun;
  try {
    loaded = await loadRun(db, run);
  } catch (e) {
    return { kind: 'ended', ending: { status: 'failed', reason: 'not_runnable', error: e instanceof Error ? e.message : String(e) } };
  }
  const checkpoints = await loadCheckpoints(db, run.id);
  const outcomes = new Map<string, NodeOutcome>();
  const attempts = new Map<string, number>();
  for (const c of checkpoints.values()) {
    attempts.set(c.stepKey, c.attempt);
    // sub-steps of an agent node (`node/model#1`) do not finish their node
    if (c.status === 'succeeded' && c.stepKey === c.nodeId) outcomes.set(c.nodeId, { state: 'succeeded', output: c.output });
  }
  const ctx: RunContext = { db, run, plan: loaded.plan, functions: loaded.functions, agents: loaded.agents, checkpoints, control, deps, outcomes, attempts,
    ...(loaded.history ? { history: loaded.history } : {}) };

  const running = new Map<string, Promise<void>>();
  /** Ends of succeeded nodes not yet written: each goes with the next start, or on its own. */
  const unwritten: StepFinish[] = [];
  let failure: StepFailed | undefined;
  let lost = false;
  const failed = (nodeId: string, e: unknown) => {
    if (isLeaseLostError(e)) lost = true;
    else if (e instanceof StepFailed) failure ??= e;
    else if (!control.signal.aborted) failure ??= new StepFailed(nodeId, toStepError(e));
  };
  const writeUnwritten = async () => {
    for (let finish = unwritten.shift(); finish; finish = unwritten.shift()) {
      const { stepKey } = finish;
      await finishStep(db, finish).catch((e: unknown) => failed(stepKey, e));
    }
  };
  for (;;) {
    if (!failure && !lost && !control.signal.aborted && !control.draining()) {
      for (;;) {
        const { ready, skipped } = nextNodes(ctx.plan, outcomes, new Set(running.keys()));
        if (skipped.length) await writeUnwritten(); // a branch's skip follows the condition's end
        for (const node of skipped) {
          outcomes.set(node.id, { state: 'skipped' });
          await inSession(db, (s) => appendRunEvent(s, run.id, 'step.skipped', { nodeId: node.id }, node.id));
        }
        for (const node of ready) {
          running.set(
            node.id,
            runNode(ctx, node, unwritten.shift()).then(
              ({ output, finish }) => {
                outcomes.set(node.id, { state: 'succeeded', output });
                unwritten.push(finish);
              },
              (e: unknown) => failed(node.id, e),
            ).finally(() => running.delete(node.id)),
          );
        }
        if (!skipped.length) break;
      }
    }
    await writeUnwritten(); // no start carried them (end of the run, a join still waiting, a failure, a stop)
    if (!running.size) break;
    await Promise.race(running.values());
  }

  const stopped = stopReason(control.signal);
  if (lost || stopped === 'lost') return { kind: 'lost' };
  if (stopped === 'handoff') return { kind: stopped };
  if (stopped) return { kind: 'ended', ending: stoppedEnding(stopped) };
  if (failure) {
    return { kind: 'ended', ending: { status: 'failed', reason: failure.reason, error: failure.message, output: { failedNode: failure.nodeId, error: failure.stepError.toJSON() } } };
  }
  if (control.draining() && [...ctx.plan.nodes.keys()].some((id) => !outcomes.has(id))) return { kind: 'handoff' };
  return { kind: 'ended', ending: { status: 'succeeded', reason: 'completed', output: runOutput(ctx.plan, outcomes) } };
}
