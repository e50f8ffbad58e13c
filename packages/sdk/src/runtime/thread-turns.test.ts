/**
 * Threads of a deployed agent against a scripted OpenAI-compatible server on loopback and a real
 * worker: the second turn's model request carries the first turn's messages, concurrent turns
 * run one after the other, a thread belongs to one deployment, a failed turn adds nothing.
 */
import type { EngineRuntimeDatabase } from '@agent-studio/db/engine';
import { withSession } from '@agent-studio/db/exec';
import type { TestEngine } from '@agent-studio/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtin, deployWorkflow, uniqueName } from '../../test/runtime-fixtures.js';
import { startAgentRuntime, type AgentRuntime } from '../../test/agent-runtime.js';
import type { ScriptedModelServer } from '../../test/scripted-model-server.js';
import { isNotFoundError, isValidationError } from '../errors/index.js';
import { AgentsService } from '../services/agents/agents-service.js';
import { DeploymentsService } from '../services/deployments/deployments-service.js';
import { RunsService } from '../services/runs/runs-service.js';
import { ThreadsService } from '../services/threads/threads-service.js';
import { waitForRun } from './watch-run.js';

let rt: AgentRuntime;
let engine: TestEngine;
let db: EngineRuntimeDatabase;
let model: ScriptedModelServer;
let providerName: string;

beforeAll(async () => {
  // two slots: without serialisation two turns of one thread would run at once
  rt = await startAgentRuntime({ provider: 'threads', apiKey: 'sk-threads' });
  ({ engine, db, model, providerName } = rt);
});
afterAll(() => rt?.close());

async function deployAgent(): Promise<string> {
  return withSession(engine, async (s) => {
    const agent = await AgentsService.createAgent(s, { name: uniqueName('chat'), model: `${providerName}/qwen2.5`, instructions: 'Be brief.' });
    const d = await DeploymentsService.createDeployment(s, { name: uniqueName('chat-dep'), agentId: agent.id });
    await DeploymentsService.deploy(s, d.id, { version: d.version });
    return d.id;
  });
}

function say(deploymentId: string, content: string, threadId?: string) {
  return withSession(engine, async (s) => (await RunsService.invoke(s, deploymentId, { messages: [{ role: 'user', content }], ...(threadId ? { threadId } : {}) })).run);
}

/** The role/content pairs of one recorded model request. */
function conversation(i: number): [string, unknown][] {
  return model.requests[i]!.body.messages!.map((m) => [m.role, m.content]);
}

describe('threads', () => {
  it('a chat continues where it left off: the second request carries the first turn', async () => {
    const deploymentId = await deployAgent();
    const before = model.requests.length;
    model.push({ kind: 'text', text: 'Hi Ada.' }, { kind: 'text', text: 'Your name is Ada.' });
    const first = await say(deploymentId, 'My name is Ada.', 'chat-1');
    expect(await waitForRun(db, first.id, { timeoutMs: 20_000 })).toMatchObject({ status: 'succeeded', output: 'Hi Ada.' });
    const second = await say(deploymentId, 'What is my name?', 'chat-1');
    expect(await waitForRun(db, second.id, { timeoutMs: 20_000 })).toMatchObject({ status: 'succeeded', output: 'Your name is Ada.' });
    expect(conversation(before + 1)).toEqual([
      ['system', 'Be brief.'],
      ['user', 'My name is Ada.'],
      ['assistant', 'Hi Ada.'],
      ['user', 'What is my name?'],
    ]);
    const thread = await withSession(engine, (s) => ThreadsService.getThread(s, deploymentId, 'chat-1'));
    expect(thread).toMatchObject({ turns: 2, activeRunId: null });
    expect(thread.messages).toEqual([
      { role: 'user', content: 'My name is Ada.' },
      { role: 'assistant', content: 'Hi Ada.' },
      { role: 'user', content: 'What is my name?' },
      { role: 'assistant', content: 'Your name is Ada.' },
    ]);
    // without a threadId nothing is remembered
    model.push({ kind: 'text', text: 'I do not know.' });
    const alone = await say(deploymentId, 'What is my name?');
    await waitForRun(db, alone.id, { timeoutMs: 20_000 });
    expect(conversation(model.requests.length - 1)).toEqual([['system', 'Be brief.'], ['user', 'What is my name?']]);
  });

  it('concurrent turns on one thread run one after the other, in order', async () => {
    const deploymentId = await deployAgent();
    const before = model.requests.length;
    model.push({ kind: 'text', text: 'one', delayMs: 400 }, { kind: 'text', text: 'two' });
    const [a, b] = await Promise.all([say(deploymentId, 'first', 'busy'), say(deploymentId, 'second', 'busy')]);
    const runs = [a, b];
    const done = await Promise.all(runs.map((r) => waitForRun(db, r.id, { timeoutMs: 20_000 })));
    expect(done.map((d) => d?.status)).toEqual(['succeeded', 'succeeded']);
    // the later turn's request carries the earlier one's question and answer
    const requests = [conversation(before), conversation(before + 1)];
    expect(requests[0]).toHaveLength(2);
    expect(requests[1]).toHaveLength(4);
    expect(requests[1]!.slice(1, 3)).toEqual([requests[0]![1], ['assistant', 'one']]);
    const thread = await withSession(engine, (s) => ThreadsService.getThread(s, deploymentId, 'busy'));
    expect(thread.messages.map((m) => (m as { content: string }).content)).toEqual([requests[0]![1]![1], 'one', requests[1]![3]![1], 'two']);
  });

  it('a thread belongs to one deployment: the same name elsewhere is another, empty, thread', async () => {
    const [x, y] = [await deployAgent(), await deployAgent()];
    model.push({ kind: 'text', text: 'noted' }, { kind: 'text', text: 'fresh' });
    await waitForRun(db, (await say(x, 'remember 7', 'shared-name')).id, { timeoutMs: 20_000 });
    const before = model.requests.length;
    await waitForRun(db, (await say(y, 'what number?', 'shared-name')).id, { timeoutMs: 20_000 });
    expect(conversation(before)).toEqual([['system', 'Be brief.'], ['user', 'what number?']]);
    expect((await withSession(engine, (s) => ThreadsService.getThread(s, y, 'shared-name'))).messages).toHaveLength(2);
    const missing = await withSession(engine, (s) => ThreadsService.getThread(s, y, 'never-used')).catch((e: unknown) => e);
    expect(isNotFoundError(missing)).toBe(true);
  });

  it('a failed turn adds nothing and the next turn still runs; a workflow deployment refuses threadId; a bad name is a 422 path', async () => {
    const deploymentId = await deployAgent();
    model.push({ kind: 'status', status: 400, body: { error: { message: 'nope' } } }, { kind: 'text', text: 'ok now' });
    // invoked one after the other, so the first turn is the one that meets the 400 (at once, they race for turn 1)
    const bad = await say(deploymentId, 'fails', 'flaky');
    const good = await say(deploymentId, 'works', 'flaky');
    expect(await waitForRun(db, bad.id, { timeoutMs: 20_000 })).toMatchObject({ status: 'failed' });
    expect(await waitForRun(db, good.id, { timeoutMs: 20_000 })).toMatchObject({ status: 'succeeded' });
    const thread = await withSession(engine, (s) => ThreadsService.getThread(s, deploymentId, 'flaky'));
    expect(thread.messages).toEqual([{ role: 'user', content: 'works' }, { role: 'assistant', content: 'ok now' }]);

    const wf = await deployWorkflow(engine, { nodes: [{ id: 'only', fn: builtin('noop') }], edges: [] });
    const refused = await withSession(engine, (s) => RunsService.invoke(s, wf.deploymentId, { input: {}, threadId: 't' })).catch((e: unknown) => e);
    expect(isValidationError(refused) && refused.issues[0]!.path).toEqual(['threadId']);
    const malformed = await withSession(engine, (s) => RunsService.invoke(s, deploymentId, { input: 'x', threadId: 'no spaces' })).catch((e: unknown) => e);
    expect(isValidationError(malformed) && malformed.issues[0]!.path).toEqual(['threadId']);
  });

  it('a waiting turn can be cancelled; the thread then goes on', async () => {
    const deploymentId = await deployAgent();
    model.push({ kind: 'text', text: 'slow', delayMs: 500 }, { kind: 'text', text: 'after' });
    const first = await say(deploymentId, 'one', 'cancel-me');
    const waiting = await say(deploymentId, 'two', 'cancel-me');
    const third = await say(deploymentId, 'three', 'cancel-me');
    expect(await withSession(engine, (s) => RunsService.requestCancel(s, waiting.id))).toMatchObject({ status: 'cancelled' });
    expect(await waitForRun(db, first.id, { timeoutMs: 20_000 })).toMatchObject({ status: 'succeeded' });
    expect(await waitForRun(db, third.id, { timeoutMs: 20_000 })).toMatchObject({ status: 'succeeded', output: 'after' });
    const thread = await withSession(engine, (s) => ThreadsService.getThread(s, deploymentId, 'cancel-me'));
    expect(thread.messages.map((m) => (m as { content: string }).content)).toEqual(['one', 'slow', 'three', 'after']);
  });
});
