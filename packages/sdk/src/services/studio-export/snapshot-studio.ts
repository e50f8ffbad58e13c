/**
 * Reads every exportable resource of a database into an export (names, not ids; secrets as
 * references) plus what an import needs to compare and update: the saved secret values behind
 * each reference and the ids and versions of the rows.
 *
 * @module
 */
import { select, type ExecSession } from '@agent-studio/db/exec';
import {
  Agent,
  AgentFunction,
  Deployment,
  DeploymentFunction,
  McpServer,
  ModelProvider,
  StudioFunction,
  Workflow,
  type JsonObject,
  type JsonValue,
} from '@agent-studio/db/models';
import { functionHeadersOf } from '../functions/to-function-dto.js';
import { studioExportSchema, type StudioExport } from './studio-export-schemas.js';

/** The id and version of a saved row. */
export interface SavedRow {
  readonly id: string;
  readonly version: number;
}

/** A saved workflow draft and the ids of its published versions by number. */
export interface SavedWorkflow extends SavedRow {
  readonly versions: ReadonlyMap<number, string>;
}

/**
 * What {@link snapshotStudio} returns.
 *
 * @example
 * const { bundle } = await snapshotStudio(session);
 */
export interface StudioSnapshot {
  readonly bundle: StudioExport;
  /** `"<kind>:<name>"` → secret reference → saved value (never returned by a service). */
  readonly secrets: ReadonlyMap<string, Readonly<Record<string, string>>>;
  readonly rows: {
    readonly mcpServers: ReadonlyMap<string, SavedRow>;
    readonly modelProviders: ReadonlyMap<string, SavedRow>;
    readonly functions: ReadonlyMap<string, SavedRow>;
    readonly agents: ReadonlyMap<string, SavedRow>;
    readonly workflows: ReadonlyMap<string, SavedWorkflow>;
    readonly deployments: ReadonlyMap<string, SavedRow & { readonly status: string }>;
  };
}

/**
 * The reference name of a secret: upper case, words joined by `_`.
 *
 * @example
 * secretRefName('MCP', 'web search', 'HEADER', 'Authorization'); // 'MCP_WEB_SEARCH_HEADER_AUTHORIZATION'
 */
export function secretRefName(...parts: string[]): string {
  return parts
    .join('_')
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/**
 * A JSON value with the keys of every object sorted (stable output, comparable).
 *
 * @example
 * sortKeys({ b: 1, a: { d: 2, c: 3 } }); // { a: { c: 3, d: 2 }, b: 1 }
 */
export function sortKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v: unknown) => sortKeys(v)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    ) as T;
  }
  return value;
}

const byName = <T extends { name: string }>(a: T, b: T): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** Node refs of a definition mapped by `lookup` (agent / function nodes only). */
export function mapDefinitionRefs(definition: JsonObject, lookup: (type: string, ref: string) => string | undefined): JsonObject {
  const nodes = Array.isArray(definition.nodes) ? definition.nodes : [];
  return {
    ...definition,
    nodes: nodes.map((node: JsonValue) => {
      if (!node || typeof node !== 'object' || Array.isArray(node)) return node;
      const { type, ref } = node as { type?: unknown; ref?: unknown };
      if ((type !== 'agent' && type !== 'function') || typeof ref !== 'string') return node;
      return { ...node, ref: lookup(type, ref) ?? ref };
    }),
  };
}

/**
 * Reads the whole studio in the caller's session.
 *
 * @example
 * const { bundle, rows } = await snapshotStudio(session);
 */
export async function snapshotStudio(session: ExecSession): Promise<StudioSnapshot> {
  const secrets = new Map<string, Record<string, string>>();
  const servers = await session.exec(select(McpServer).orderBy('name')).all();
  const providers = await session.exec(select(ModelProvider).orderBy('name')).all();
  const functions = await session.exec(select(StudioFunction).orderBy('name')).all();
  const agents = await session.exec(select(Agent).orderBy('name')).all();
  const links = await session.exec(select(AgentFunction).orderBy('position').orderBy('id')).all();
  const workflows = await session.exec(select(Workflow).orderBy('name').orderBy('versionNumber')).all();
  const deployments = await session.exec(select(Deployment).orderBy('name')).all();
  const exposed = await session.exec(select(DeploymentFunction)).all();

  const serverName = new Map(servers.map((s) => [s.id, s.name]));
  const functionName = new Map(functions.map((f) => [f.id, f.name]));
  const agentName = new Map(agents.map((a) => [a.id, a.name]));
  const workflowById = new Map(workflows.map((w) => [w.id, w]));
  const refOf = (type: string, id: string): string | undefined => (type === 'agent' ? agentName.get(id) : functionName.get(id));

  const mcpServers = servers.map((row) => {
    const saved: Record<string, string> = {};
    const ref = (...parts: string[]) => {
      const secretRef = secretRefName('MCP', row.name, ...parts);
      return { secretRef };
    };
    const keep = (r: { secretRef: string }, value: string) => {
      saved[r.secretRef] = value;
      return r;
    };
    const secretMap = (map: Record<string, string>, part: string) =>
      Object.fromEntries(Object.keys(map).sort().map((k) => [k, keep(ref(part, k), map[k]!)]));
    const doc = {
      name: row.name,
      description: row.description,
      transport: row.transport,
      url: row.url,
      urlSecretRef: row.urlSecret.url ? keep(ref('URL'), row.urlSecret.url) : null,
      command: row.command,
      args: row.args.map((arg, i) => {
        const value = row.argsSecret[String(i)];
        return value === undefined ? arg : keep(ref('ARG', String(i)), value);
      }),
      headers: secretMap(row.headers, 'HEADER'),
      env: secretMap(row.env, 'ENV'),
      enabled: row.enabled,
      checkIntervalSeconds: row.checkIntervalSeconds,
    };
    secrets.set(`mcpServers:${row.name}`, saved);
    return doc;
  });

  const modelProviders = providers.map((row) => {
    const saved: Record<string, string> = {};
    const keep = (secretRef: string, value: string) => {
      saved[secretRef] = value;
      return { secretRef };
    };
    const doc = {
      name: row.name,
      description: row.description,
      kind: row.kind,
      baseUrl: row.baseUrl,
      apiKey: row.credentials.apiKey ? keep(secretRefName('PROVIDER', row.name, 'API_KEY'), row.credentials.apiKey) : null,
      headers: Object.fromEntries(
        Object.keys(row.headers).sort().map((k) => [k, keep(secretRefName('PROVIDER', row.name, 'HEADER', k), row.headers[k]!)]),
      ),
      requestTimeoutMs: row.requestTimeoutMs,
    };
    secrets.set(`modelProviders:${row.name}`, saved);
    return doc;
  });

  const exportedFunctions = functions.map((row) => {
    const saved: Record<string, string> = {};
    const { headers: _inConfig, ...config } = row.config;
    const headers = row.kind === 'http' ? functionHeadersOf(row) : {};
    const headerRefs = Object.fromEntries(
      Object.keys(headers).sort().map((k) => {
        const secretRef = secretRefName('FUNCTION', row.name, 'HEADER', k);
        saved[secretRef] = headers[k]!;
        return [k, { secretRef }];
      }),
    );
    secrets.set(`functions:${row.name}`, saved);
    return {
      name: row.name,
      description: row.description,
      kind: row.kind,
      parameters: sortKeys(row.parameters),
      config: sortKeys(row.kind === 'http' && Object.keys(headerRefs).length ? { ...config, headers: headerRefs } : config),
      mcpServer: row.mcpServerId ? (serverName.get(row.mcpServerId) ?? null) : null,
      mcpToolName: row.mcpToolName,
    };
  });

  const exportedAgents = agents.map((row) => ({
    name: row.name,
    description: row.description,
    model: row.model,
    instructions: row.instructions,
    temperature: row.temperature,
    config: sortKeys(row.config),
    status: row.status,
    functions: links.filter((l) => l.agentId === row.id).map((l) => functionName.get(l.functionId) ?? l.functionId),
  }));

  const drafts = workflows.filter((w) => w.publishedFromId === null);
  const exportedWorkflows = drafts.map((draft) => ({
    name: draft.name,
    description: draft.description,
    definition: sortKeys(mapDefinitionRefs(draft.definition, refOf)),
    versions: workflows
      .filter((w) => w.publishedFromId === draft.id)
      .sort((a, b) => (a.versionNumber ?? 0) - (b.versionNumber ?? 0))
      .map((v) => ({
        versionNumber: v.versionNumber ?? 0,
        description: v.description,
        definition: sortKeys(mapDefinitionRefs(v.definition, refOf)),
        publishedAt: v.publishedAt ? v.publishedAt.toISOString() : null,
      })),
  }));

  const exportedDeployments = deployments.map((row) => {
    const target = row.workflowId ? workflowById.get(row.workflowId) : undefined;
    const draft = target?.publishedFromId ? workflowById.get(target.publishedFromId) : target;
    return {
      name: row.name,
      description: row.description,
      agent: row.agentId ? (agentName.get(row.agentId) ?? null) : null,
      workflow: draft?.name ?? null,
      workflowVersion: target?.publishedFromId ? target.versionNumber : null,
      status: row.status,
      config: sortKeys(row.config),
      functions: exposed
        .filter((d) => d.deploymentId === row.id)
        .map((d) => ({ function: functionName.get(d.functionId) ?? d.functionId, config: sortKeys(d.config) }))
        .sort((a, b) => (a.function < b.function ? -1 : a.function > b.function ? 1 : 0)),
    };
  });

  return {
    // parsed like an imported export, so both compare alike (defaults filled in)
    bundle: studioExportSchema.parse({
      mcpServers: mcpServers.sort(byName),
      modelProviders: modelProviders.sort(byName),
      functions: exportedFunctions.sort(byName),
      agents: exportedAgents.sort(byName),
      workflows: exportedWorkflows.sort(byName),
      deployments: exportedDeployments.sort(byName),
    }),
    secrets,
    rows: {
      mcpServers: new Map(servers.map((r) => [r.name, { id: r.id, version: r.version }])),
      modelProviders: new Map(providers.map((r) => [r.name, { id: r.id, version: r.version }])),
      functions: new Map(functions.map((r) => [r.name, { id: r.id, version: r.version }])),
      agents: new Map(agents.map((r) => [r.name, { id: r.id, version: r.version }])),
      workflows: new Map(
        drafts.map((d) => [
          d.name,
          {
            id: d.id,
            version: d.version,
            versions: new Map(workflows.filter((w) => w.publishedFromId === d.id).map((w) => [w.versionNumber ?? 0, w.id])),
          },
        ]),
      ),
      deployments: new Map(deployments.map((r) => [r.name, { id: r.id, version: r.version, status: r.status }])),
    },
  };
}
