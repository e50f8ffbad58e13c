/**
 * The run engine with a model: a migrated test database, its runtime database, a scripted
 * OpenAI-compatible server on loopback registered as a model provider, and a started worker —
 * what the agent tests run against.
 *
 * @module
 */
import { createRuntimeDatabase, type EngineRuntimeDatabase } from '@agent-studio/db/engine';
import { withSession } from '@agent-studio/db/exec';
import { createTestEngine, type TestEngine } from '@agent-studio/db/testing';
import { ModelProvidersService } from '../src/services/model-providers/model-providers-service.js';
import { createRunWorker, type RunWorker } from '../src/runtime/run-worker.js';
import { uniqueName } from './runtime-fixtures.js';
import { startScriptedModelServer, type ScriptedModelServer } from './scripted-model-server.js';

/** What {@link startAgentRuntime} started; `close()` stops all of it. */
export interface AgentRuntime {
  readonly engine: TestEngine;
  readonly db: EngineRuntimeDatabase;
  readonly worker: RunWorker;
  readonly model: ScriptedModelServer;
  /** The provider's (unique) name: agents' models are `<providerName>/<model id>`. */
  readonly providerName: string;
  close(): Promise<void>;
}

/**
 * Starts it all; the worker has two slots, a 3 s lease and a 200 ms heartbeat.
 *
 * @example
 * const rt = await startAgentRuntime({ provider: 'local', apiKey: 'sk-test' });
 * rt.model.push({ kind: 'text', text: 'hi' });
 * await rt.close();
 */
export async function startAgentRuntime(options: { provider: string; apiKey: string }): Promise<AgentRuntime> {
  const engine = await createTestEngine();
  const db = createRuntimeDatabase(engine);
  const model = await startScriptedModelServer([]);
  const providerName = uniqueName(options.provider);
  await withSession(engine, (s) => ModelProvidersService.createModelProvider(s, { name: providerName, baseUrl: model.baseUrl, apiKey: options.apiKey }));
  const worker = createRunWorker(db, { concurrency: 2, leaseMs: 3_000, heartbeatMs: 200 });
  await worker.start();
  return {
    engine, db, worker, model, providerName,
    async close() {
      await worker.stop();
      await db.close();
      await model.close();
      await engine.close();
    },
  };
}
