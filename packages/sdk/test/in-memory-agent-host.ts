/**
 * An in-memory `AgentLoopHost` FOR TESTS ONLY: a test double of the run engine (which implements
 * the host with run_steps checkpoints), not a database mock. Finished steps live in a Map, so a
 * second loop over the same Map proves that a resumed run skips finished steps.
 *
 * @module
 */
import type { JsonValue, StudioFunction } from '@agent-studio/db/models';
import type { AgentLoopHost, StepMeta, StepResult } from '../src/runtime/agent/agent-loop.js';

/** A finished step as the double stores it. */
export interface FinishedStep {
  meta: StepMeta;
  result: StepResult<JsonValue>;
}

/**
 * The double, with what it saw.
 *
 * @example
 * const host = createInMemoryAgentHost({ callFunction: async (fn, args) => args });
 * await runAgentLoop(input, host);
 * expect(host.executed).toEqual(['model#1', 'tool#1:call_1', 'model#2']);
 */
export interface InMemoryAgentHost extends AgentLoopHost {
  /** Finished steps by key (share it between two hosts to simulate a resume). */
  readonly finished: Map<string, FinishedStep>;
  /** Keys of the steps whose function actually ran, in start order. */
  readonly executed: string[];
  /** Streamed tokens, in order. */
  readonly tokens: string[];
  /** Aborts `signal`. */
  cancel(reason?: unknown): void;
}

/**
 * Builds the double.
 *
 * @example
 * const host = createInMemoryAgentHost({ finished: previous.finished, callFunction });
 */
export function createInMemoryAgentHost(options: {
  callFunction: (fn: StudioFunction, args: JsonValue, signal: AbortSignal) => Promise<JsonValue>;
  finished?: Map<string, FinishedStep>;
}): InMemoryAgentHost {
  const controller = new AbortController();
  const finished = options.finished ?? new Map<string, FinishedStep>();
  const executed: string[] = [];
  const tokens: string[] = [];
  return {
    signal: controller.signal,
    finished,
    executed,
    tokens,
    cancel: (reason?: unknown) => controller.abort(reason),
    async step<T extends JsonValue>(key: string, meta: StepMeta, fn: () => Promise<StepResult<T>>): Promise<T> {
      const done = finished.get(key);
      if (done) return structuredClone(done.result.output) as T;
      executed.push(key);
      const result = await fn();
      finished.set(key, { meta: structuredClone(meta), result: structuredClone(result) });
      return result.output;
    },
    emitToken: (text: string) => void tokens.push(text),
    callFunction: options.callFunction,
  };
}
