import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { withSession, type ExecSession } from '@agent-studio/db/exec';
import { Agent, McpServer, StudioFunction } from '@agent-studio/db/models';
import { createTestEngine, type TestEngine } from '@agent-studio/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInMemoryAgentHost } from '../../../test/in-memory-agent-host.js';
import { startStreamableHttpServer, type LoopbackServer } from '../../../test/mcp-servers.js';
import { startScriptedModelServer, type ScriptedModelServer } from '../../../test/scripted-model-server.js';
import { AgentsService } from '../../services/agents/agents-service.js';
import { FunctionsService } from '../../services/functions/functions-service.js';
import { McpServersService } from '../../services/mcp-servers/mcp-servers-service.js';
import { ModelProvidersService } from '../../services/model-providers/model-providers-service.js';
import { executeFunction } from '../executors/function-call.js';
import { messagesFromInput, runAgentLoop } from './agent-loop.js';

const API_KEY = 'sk-SECRET-E2E-KEY-61c0';

let engine: TestEngine;
let mcp: LoopbackServer;
let model: ScriptedModelServer;
let http: Server;
let httpUrl: string;
const httpBodies: unknown[] = [];

beforeAll(async () => {
  engine = await createTestEngine();
  mcp = await startStreamableHttpServer({ name: 'agent-tools', toolCount: 1 });
  model = await startScriptedModelServer();
  http = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      httpBodies.push(JSON.parse(body));
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ order: 7, status: 'shipped' }));
    });
  });
  http.listen(0, '127.0.0.1');
  await once(http, 'listening');
  httpUrl = `http://127.0.0.1:${(http.address() as AddressInfo).port}/orders`;
});
afterAll(async () => {
  http?.close();
  await Promise.all([mcp?.close(), model?.close()]);
  await engine?.close();
});

const run = <T>(fn: (s: ExecSession) => Promise<T>): Promise<T> => withSession(engine, fn);

describe('the agent loop with the real executors', () => {
  it('calls a real MCP tool, an http function and a builtin; their results reach the next model request', async () => {
    // everything registered through the services, as the API would
    const ids = await run(async (s) => {
      await ModelProvidersService.createModelProvider(s, { name: 'local', baseUrl: model.baseUrl, apiKey: API_KEY });
      const server = await McpServersService.createMcpServer(s, { name: 'tools', transport: 'streamable_http', url: mcp.url });
      const agent = await AgentsService.createAgent(s, { name: 'ops', model: 'local/qwen2.5', instructions: 'Use the tools.' });
      const fns = [
        await FunctionsService.createFunction(s, {
          kind: 'mcp_tool',
          name: 'shout',
          mcpServerId: server.id,
          mcpToolName: 'tool-0',
          parameters: { type: 'object', properties: { text: { type: 'string' } } },
        }),
        await FunctionsService.createFunction(s, { kind: 'http', name: 'order_status', config: { url: httpUrl, method: 'POST' } }),
        await FunctionsService.createFunction(s, { kind: 'builtin', name: 'echo', config: { name: 'echo' } }),
      ];
      for (const fn of fns) await AgentsService.attachFunction(s, agent.id, { functionId: fn.id });
      return { agent: agent.id, functions: fns.map((f) => f.id) };
    });

    model.push(
      {
        kind: 'tool_calls',
        calls: [
          { id: 'call_mcp', name: 'shout', arguments: { text: 'hello mcp' } },
          { id: 'call_http', name: 'order_status', arguments: { order: 7 } },
          { id: 'call_echo', name: 'echo', arguments: { ping: 'pong' } },
        ],
      },
      { kind: 'text', text: 'Order 7 has shipped.' },
    );

    // what the engine would load for the agent step
    const { agent, provider, functions, servers } = await run(async (s) => {
      const resolved = await ModelProvidersService.resolveModel(s, (await s.get(Agent, ids.agent))!.model);
      const fns = await Promise.all(ids.functions.map(async (id) => (await s.get(StudioFunction, id))!));
      const mcpRows = await Promise.all(fns.filter((f) => f.mcpServerId).map(async (f) => (await s.get(McpServer, f.mcpServerId!))!));
      return { agent: (await s.get(Agent, ids.agent))!, provider: resolved.provider, functions: fns, servers: mcpRows };
    });
    const host = createInMemoryAgentHost({
      callFunction: (fn, args, signal) =>
        executeFunction({
          fn,
          mcpServer: servers.find((server) => server.id === fn.mcpServerId) ?? null,
          args,
          signal,
          timeoutMs: 5_000,
          idempotencyKey: `run-1:${fn.id}`,
        }),
    });
    const result = await runAgentLoop({ agent, provider, functions, messages: messagesFromInput('Where is order 7?') }, host);

    expect(result.answer).toBe('Order 7 has shipped.');
    expect(httpBodies).toEqual([{ order: 7 }]);
    const toolMessages = model.requests.at(-1)!.body.messages!.filter((m) => m.role === 'tool');
    expect(toolMessages.map((m) => m.tool_call_id)).toEqual(['call_mcp', 'call_http', 'call_echo']);
    expect(toolMessages[0]!.content).toContain('hello mcp');
    expect(JSON.parse(toolMessages[1]!.content as string)).toEqual({ order: 7, status: 'shipped' });
    expect(JSON.parse(toolMessages[2]!.content as string)).toEqual({ ping: 'pong' });
    expect(JSON.stringify([result, host.tokens, [...host.finished]])).not.toContain(API_KEY);
  });
});
