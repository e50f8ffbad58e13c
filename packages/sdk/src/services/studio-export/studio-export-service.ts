/**
 * `StudioExportService`: the whole studio as files you can version — export (names, not ids;
 * secrets as references) and an idempotent import by name, validated as a whole before anything
 * is written. Used by `GET /api/v1/export`, `POST /api/v1/import`, `studio export` and `studio import`.
 *
 * @module
 */
import type { ExecSession } from '@agent-studio/db/exec';
import { Workflow, type JsonObject } from '@agent-studio/db/models';
import { flushOrThrow } from '../../common/db-errors.js';
import { parseInput } from '../../common/parse-input.js';
import { isValidationError, ValidationError, type ValidationIssue } from '../../errors/validation-error.js';
import { AgentsService } from '../agents/agents-service.js';
import { createAgentInputSchema } from '../agents/agents-schemas.js';
import { DeploymentsService } from '../deployments/deployments-service.js';
import { createDeploymentInputSchema } from '../deployments/deployments-schemas.js';
import { FunctionsService } from '../functions/functions-service.js';
import { createFunctionInputSchema } from '../functions/functions-schemas.js';
import { policyIssues } from '../mcp-servers/mcp-server-connection.js';
import { createMcpServerInputSchema } from '../mcp-servers/mcp-servers-schemas.js';
import { McpServersService } from '../mcp-servers/mcp-servers-service.js';
import { SECRET_MASK } from '../mcp-servers/secret-mask.js';
import { createModelProviderInputSchema } from '../model-providers/model-providers-schemas.js';
import { ModelProvidersService } from '../model-providers/model-providers-service.js';
import { createWorkflowInputSchema } from '../workflows/workflows-schemas.js';
import { WorkflowsService } from '../workflows/workflows-service.js';
import { mapDefinitionRefs, snapshotStudio, sortKeys, type StudioSnapshot } from './snapshot-studio.js';
import {
  EXPORT_KINDS,
  importInputSchema,
  studioExportSchema,
  type ExportKind,
  type ImportInput,
  type ImportReport,
  type SecretRef,
  type StudioExport,
} from './studio-export-schemas.js';

type Doc<K extends ExportKind> = StudioExport[K][number];
type Path = (string | number)[];

/** A stand-in for a kept secret while validating (the mask itself is refused by create schemas). */
const KEPT = 'kept-secret-value';

const isRef = (value: unknown): value is SecretRef =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as { secretRef?: unknown }).secretRef === 'string';

const canonical = (value: unknown): string => JSON.stringify(sortKeys(value));

/** Where one resource of the import is, and what the import does with it. */
interface Entry<K extends ExportKind> {
  readonly kind: K;
  readonly index: number;
  readonly doc: Doc<K>;
  readonly action: 'create' | 'update' | 'unchanged';
}

/** Resolves secret references for one resource; records an issue for a new one without a value. */
class SecretResolver {
  constructor(
    private readonly given: Readonly<Record<string, string>>,
    private readonly saved: Readonly<Record<string, string>> | undefined,
    private readonly issues: ValidationIssue[],
  ) {}

  /** The value to write: given, or (existing resource) the mask that keeps the saved one. */
  value(ref: SecretRef, path: Path): string {
    const given = this.given[ref.secretRef];
    if (given !== undefined) return given;
    if (this.saved) return SECRET_MASK;
    this.issues.push({ path, message: `secret reference ${ref.secretRef} has no value: give it (the CLI reads the environment variable ${ref.secretRef})` });
    return KEPT;
  }

  /** True when a given value differs from the saved one (so the resource changes). */
  changes(ref: SecretRef): boolean {
    const given = this.given[ref.secretRef];
    return given !== undefined && given !== this.saved?.[ref.secretRef];
  }
}

function refsOf(value: unknown): SecretRef[] {
  if (isRef(value)) return [value];
  if (Array.isArray(value)) return value.flatMap(refsOf);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(refsOf);
  return [];
}

/** Service input for MCP servers: `valid` uses stand-ins for kept secrets (for validation only). */
function mcpInput(doc: Doc<'mcpServers'>, secrets: SecretResolver, path: Path, forValidation: boolean) {
  const value = (ref: SecretRef, at: Path) => {
    const v = secrets.value(ref, at);
    return forValidation && v === SECRET_MASK ? KEPT : v;
  };
  const stdio = doc.transport === 'stdio';
  // a kept URL secret: the shown URL, which keeps the saved full URL
  const full = doc.urlSecretRef ? secrets.value(doc.urlSecretRef, [...path, 'urlSecretRef']) : doc.url;
  const url = full === SECRET_MASK ? doc.url : full;
  return {
    description: doc.description,
    transport: doc.transport,
    ...(stdio
      ? {
          command: doc.command ?? '',
          args: doc.args.map((a, i) => (isRef(a) ? value(a, [...path, 'args', i]) : a)),
          secretArgs: doc.args.flatMap((a, i) => (isRef(a) ? [i] : [])),
        }
      : { url: url ?? '' }),
    headers: Object.fromEntries(Object.entries(doc.headers).map(([k, r]) => [k, value(r, [...path, 'headers', k])])),
    env: Object.fromEntries(Object.entries(doc.env).map(([k, r]) => [k, value(r, [...path, 'env', k])])),
    enabled: doc.enabled,
    checkIntervalSeconds: doc.checkIntervalSeconds,
  };
}

function providerInput(doc: Doc<'modelProviders'>, secrets: SecretResolver, path: Path, forValidation: boolean) {
  const value = (ref: SecretRef, at: Path) => {
    const v = secrets.value(ref, at);
    return forValidation && v === SECRET_MASK ? KEPT : v;
  };
  return {
    description: doc.description,
    kind: doc.kind,
    baseUrl: doc.baseUrl,
    ...(doc.apiKey ? { apiKey: value(doc.apiKey, [...path, 'apiKey']) } : {}),
    headers: Object.fromEntries(Object.entries(doc.headers).map(([k, r]) => [k, value(r, [...path, 'headers', k])])),
    ...(doc.requestTimeoutMs === undefined ? {} : { requestTimeoutMs: doc.requestTimeoutMs }),
  };
}

function functionConfig(doc: Doc<'functions'>, secrets: SecretResolver, path: Path, forValidation: boolean): JsonObject {
  const { headers, ...rest } = doc.config;
  if (doc.kind !== 'http' || headers === undefined || headers === null || typeof headers !== 'object' || Array.isArray(headers)) {
    return doc.config;
  }
  const resolved = Object.fromEntries(
    Object.entries(headers).map(([k, v]) => {
      if (!isRef(v)) return [k, v];
      const value = secrets.value(v, [...path, 'config', 'headers', k]);
      return [k, forValidation && value === SECRET_MASK ? KEPT : value];
    }),
  );
  return { ...(rest), headers: resolved };
}

/** Maps the issues of a service call (paths of its input) under the resource's path. */
async function at<T>(path: Path, name: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!isValidationError(error)) throw error;
    throw new ValidationError(error.issues.map((i) => ({ path: [...path, ...i.path], message: `${name}: ${i.message}` })));
  }
}

function issuesOf(schema: { safeParse(v: unknown): { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } } }, input: unknown, path: Path, name: string): ValidationIssue[] {
  const parsed = schema.safeParse(input);
  if (parsed.success || !parsed.error) return [];
  return parsed.error.issues.map((i) => ({ path: [...path, ...i.path.map((p) => (typeof p === 'symbol' ? String(p) : p))], message: `${name}: ${i.message}` }));
}

/**
 * Export and import of the whole studio. Every method takes the caller's `ExecSession` and never
 * commits: an import is one transaction, its caller's.
 *
 * @example
 * const bundle = await withSession(engine, (s) => StudioExportService.exportAll(s));
 * const report = await withSession(engine, (s) => StudioExportService.importAll(s, { bundle, secrets: { MCP_SEARCH_HEADER_AUTHORIZATION: 'Bearer …' } }));
 */
export const StudioExportService = {
  /**
   * Every agent, function, MCP server, model provider, workflow (draft and published versions) and
   * deployment: references by name, each list sorted by name, object keys sorted, secrets as
   * `{ secretRef }` (never a value). Deployment API keys are not exported.
   *
   * @example
   * const { agents } = await StudioExportService.exportAll(session);
   */
  async exportAll(session: ExecSession): Promise<StudioExport> {
    return (await snapshotStudio(session)).bundle;
  },

  /**
   * Applies an export by name: a resource that does not exist is created, one that differs is
   * updated, one that is the same is left alone (a second import changes nothing). Resources not in
   * the export are kept. Everything is validated first — each document, the references between
   * them, secret references (a new resource needs a value for each; an existing one keeps its saved
   * value), the services' own rules — and a `ValidationError` with paths `[kind, index, …field]`
   * is thrown before anything is written. `dryRun` reports what would change and writes nothing.
   *
   * @example
   * const report = await StudioExportService.importAll(session, { bundle, dryRun: true });
   * report.changes.filter((c) => c.action !== 'unchanged');
   */
  async importAll(session: ExecSession, input: ImportInput): Promise<ImportReport> {
    const parsed = importInputSchema.safeParse(input);
    if (!parsed.success) {
      // paths under the bundle read as [kind, index, field]
      throw new ValidationError(
        parsed.error.issues.map((i) => {
          const path = i.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
          return { path: path[0] === 'bundle' ? path.slice(1) : path, message: i.message };
        }),
      );
    }
    const { bundle, secrets: given, dryRun } = parsed.data;
    const current = await snapshotStudio(session);
    const { entries, issues } = planImport(bundle, given, current);
    if (issues.length) throw new ValidationError(issues);
    const changes = entries.map((e) => ({ kind: e.kind, name: e.doc.name, action: e.action }));
    const report: ImportReport = {
      dryRun,
      changes,
      created: changes.filter((c) => c.action === 'create').length,
      updated: changes.filter((c) => c.action === 'update').length,
      unchanged: changes.filter((c) => c.action === 'unchanged').length,
    };
    if (!dryRun) await applyImport(session, entries, given, current);
    return report;
  },
};

/** Decides create / update / unchanged for every document and collects every problem. */
function planImport(bundle: StudioExport, given: Record<string, string>, current: StudioSnapshot): { entries: Entry<ExportKind>[]; issues: ValidationIssue[] } {
  const issues: ValidationIssue[] = [];
  const entries: Entry<ExportKind>[] = [];
  const names = (kind: ExportKind) => new Set([...current.rows[kind].keys(), ...bundle[kind].map((d) => d.name)]);
  const known = Object.fromEntries(EXPORT_KINDS.map((k) => [k, names(k)])) as Record<ExportKind, Set<string>>;
  const missing = (kind: ExportKind, name: string | null, path: Path, what: string) => {
    if (name !== null && !known[kind].has(name)) issues.push({ path, message: `${what} "${name}" is neither in the export nor in the database` });
  };

  for (const kind of EXPORT_KINDS) {
    const seen = new Set<string>();
    (bundle[kind] as Doc<ExportKind>[]).forEach((doc, index) => {
      const path: Path = [kind, index];
      const label = `${kind} "${doc.name}"`;
      if (seen.has(doc.name)) issues.push({ path: [...path, 'name'], message: `${label} appears twice` });
      seen.add(doc.name);
      const existing = (current.bundle[kind] as Doc<ExportKind>[]).find((d) => d.name === doc.name);
      const saved = current.secrets.get(`${kind}:${doc.name}`);
      const secrets = new SecretResolver(given, existing ? (saved ?? {}) : undefined, issues);
      const same = existing !== undefined && canonical(existing) === canonical(doc) && !refsOf(doc).some((r) => secrets.changes(r));
      const action = existing === undefined ? 'create' : same ? 'unchanged' : 'update';
      entries.push({ kind, index, doc, action });

      switch (kind) {
        case 'mcpServers': {
          const d = doc as Doc<'mcpServers'>;
          const valid = { name: d.name, ...mcpInput(d, secrets, path, true) };
          issues.push(...issuesOf(createMcpServerInputSchema, valid, path, label));
          if (action !== 'unchanged') issues.push(...policyIssues(valid).map((i) => ({ path: [...path, ...i.path], message: `${label}: ${i.message}` })));
          break;
        }
        case 'modelProviders': {
          const d = doc as Doc<'modelProviders'>;
          issues.push(...issuesOf(createModelProviderInputSchema, { name: d.name, ...providerInput(d, secrets, path, true) }, path, label));
          break;
        }
        case 'functions': {
          const d = doc as Doc<'functions'>;
          missing('mcpServers', d.mcpServer, [...path, 'mcpServer'], 'MCP server');
          const previous = existing as Doc<'functions'> | undefined;
          if (previous && previous.kind !== d.kind) issues.push({ path: [...path, 'kind'], message: `${label}: the kind of a function cannot change (${previous.kind} → ${d.kind})` });
          const probeId = '00000000-0000-4000-8000-000000000000';
          issues.push(
            ...issuesOf(
              createFunctionInputSchema,
              {
                kind: d.kind,
                name: d.name,
                description: d.description,
                ...(d.parameters ? { parameters: d.parameters } : {}),
                config: functionConfig(d, secrets, path, true),
                ...(d.kind === 'mcp_tool' ? { mcpServerId: probeId, mcpToolName: d.mcpToolName ?? '' } : {}),
              },
              path,
              label,
            ),
          );
          break;
        }
        case 'agents': {
          const d = doc as Doc<'agents'>;
          d.functions.forEach((f, i) => missing('functions', f, [...path, 'functions', i], 'function'));
          const { functions: _f, ...agent } = d;
          issues.push(...issuesOf(createAgentInputSchema, agent, path, label));
          break;
        }
        case 'workflows': {
          const d = doc as Doc<'workflows'>;
          const checkRefs = (definition: JsonObject, at: Path) =>
            mapDefinitionRefs(definition, (type, ref) => {
              missing(type === 'agent' ? 'agents' : 'functions', ref, [...at, 'definition', 'nodes'], type);
              return undefined;
            });
          checkRefs(d.definition, path);
          issues.push(...issuesOf(createWorkflowInputSchema, { name: d.name, description: d.description, definition: d.definition }, path, label));
          const savedVersions = (existing as Doc<'workflows'> | undefined)?.versions ?? [];
          d.versions.forEach((v, i) => {
            checkRefs(v.definition, [...path, 'versions', i]);
            const before = savedVersions.find((s) => s.versionNumber === v.versionNumber);
            if (before && canonical(before.definition) !== canonical(v.definition)) {
              issues.push({ path: [...path, 'versions', i, 'definition'], message: `${label}: published version ${v.versionNumber} differs from the saved one; published versions cannot change` });
            }
          });
          break;
        }
        case 'deployments': {
          const d = doc as Doc<'deployments'>;
          if ((d.agent === null) === (d.workflow === null)) issues.push({ path: [...path, 'agent'], message: `${label}: exactly one of agent or workflow is required` });
          missing('agents', d.agent, [...path, 'agent'], 'agent');
          missing('workflows', d.workflow, [...path, 'workflow'], 'workflow');
          if (d.workflow !== null && d.workflowVersion !== null) {
            const inBundle = bundle.workflows.find((w) => w.name === d.workflow)?.versions.some((v) => v.versionNumber === d.workflowVersion);
            const saved = current.rows.workflows.get(d.workflow)?.versions.has(d.workflowVersion);
            if (!inBundle && !saved) issues.push({ path: [...path, 'workflowVersion'], message: `${label}: workflow "${d.workflow}" has no published version ${d.workflowVersion}` });
          }
          d.functions.forEach((f, i) => missing('functions', f.function, [...path, 'functions', i, 'function'], 'function'));
          const previous = existing as Doc<'deployments'> | undefined;
          if (previous && (previous.agent !== d.agent || previous.workflow !== d.workflow || previous.workflowVersion !== d.workflowVersion)) {
            issues.push({ path: [...path, d.agent !== null ? 'agent' : 'workflow'], message: `${label}: what a deployment deploys cannot change; create another deployment` });
          }
          if (previous && previous.status !== 'draft' && d.status === 'draft') {
            issues.push({ path: [...path, 'status'], message: `${label}: a ${previous.status} deployment cannot go back to draft` });
          }
          issues.push(...issuesOf(createDeploymentInputSchema, { name: d.name, description: d.description, config: d.config, agentId: '00000000-0000-4000-8000-000000000000' }, path, label));
          break;
        }
      }
    });
  }
  return { entries, issues };
}

/** Writes the plan, kind by kind (references point backwards), through the services. */
async function applyImport(session: ExecSession, entries: Entry<ExportKind>[], given: Record<string, string>, current: StudioSnapshot): Promise<void> {
  const ids = Object.fromEntries(EXPORT_KINDS.map((k) => [k, new Map([...current.rows[k]].map(([n, r]) => [n, r.id]))])) as Record<ExportKind, Map<string, string>>;
  const versionIds = new Map([...current.rows.workflows].map(([n, r]) => [n, new Map(r.versions)]));
  const ignored: ValidationIssue[] = [];
  const idOf = (kind: ExportKind, name: string): string => {
    const id = ids[kind].get(name);
    if (!id) throw new Error(`import: ${kind} "${name}" has no id (planned references are checked)`);
    return id;
  };

  for (const entry of entries) {
    if (entry.action === 'unchanged') continue;
    const path: Path = [entry.kind, entry.index];
    const label = `${entry.kind} "${entry.doc.name}"`;
    const saved = entry.action === 'update' ? (current.secrets.get(`${entry.kind}:${entry.doc.name}`) ?? {}) : undefined;
    const secrets = new SecretResolver(given, saved, ignored);
    const row = current.rows[entry.kind].get(entry.doc.name);
    await at(path, label, async () => {
      switch (entry.kind) {
        case 'mcpServers': {
          const d = entry.doc as Doc<'mcpServers'>;
          const values = mcpInput(d, secrets, path, false);
          const dto = row
            ? await McpServersService.updateMcpServer(session, row.id, { version: row.version, ...values })
            : await McpServersService.createMcpServer(session, { name: d.name, ...values });
          ids.mcpServers.set(d.name, dto.id);
          break;
        }
        case 'modelProviders': {
          const d = entry.doc as Doc<'modelProviders'>;
          const { kind: _kind, ...values } = providerInput(d, secrets, path, false);
          const dto = row
            ? await ModelProvidersService.updateModelProvider(session, row.id, { version: row.version, ...values, ...(d.apiKey ? {} : { apiKey: null }) })
            : await ModelProvidersService.createModelProvider(session, { name: d.name, kind: d.kind, ...values });
          ids.modelProviders.set(d.name, dto.id);
          break;
        }
        case 'functions': {
          const d = entry.doc as Doc<'functions'>;
          const config = functionConfig(d, secrets, path, false);
          const tool = d.kind === 'mcp_tool' ? { mcpServerId: idOf('mcpServers', d.mcpServer ?? ''), mcpToolName: d.mcpToolName ?? '' } : {};
          const common = { description: d.description, ...(d.parameters ? { parameters: d.parameters } : {}), config, ...tool };
          const dto = row
            ? await FunctionsService.updateFunction(session, row.id, { version: row.version, ...common })
            : await FunctionsService.createFunction(session, { kind: d.kind, name: d.name, ...common } as Parameters<typeof FunctionsService.createFunction>[1]);
          ids.functions.set(d.name, dto.id);
          break;
        }
        case 'agents': {
          const d = entry.doc as Doc<'agents'>;
          const { functions, ...fields } = d;
          const dto = row
            ? await AgentsService.updateAgent(session, row.id, { version: row.version, ...fields })
            : await AgentsService.createAgent(session, fields);
          ids.agents.set(d.name, dto.id);
          const before = (current.bundle.agents.find((a) => a.name === d.name)?.functions ?? []);
          if (canonical(before) !== canonical(functions)) {
            for (const name of before) await AgentsService.detachFunction(session, dto.id, idOf('functions', name));
            for (const [position, name] of functions.entries()) await AgentsService.attachFunction(session, dto.id, { functionId: idOf('functions', name), position });
          }
          break;
        }
        case 'workflows': {
          const d = entry.doc as Doc<'workflows'>;
          const toIds = (definition: JsonObject) => mapDefinitionRefs(definition, (type, ref) => ids[type === 'agent' ? 'agents' : 'functions'].get(ref));
          const dto = row
            ? await WorkflowsService.updateWorkflow(session, row.id, { version: row.version, description: d.description, definition: toIds(d.definition) })
            : await WorkflowsService.createWorkflow(session, { name: d.name, description: d.description, definition: toIds(d.definition) });
          ids.workflows.set(d.name, dto.id);
          const versions = versionIds.get(d.name) ?? new Map<number, string>();
          versionIds.set(d.name, versions);
          for (const v of d.versions) {
            if (versions.has(v.versionNumber)) continue;
            // published versions are frozen copies: recreated as they were (number, definition, time)
            const version = session.add(Workflow, {
              name: d.name,
              description: v.description,
              definition: toIds(v.definition),
              publishedFromId: dto.id,
              versionNumber: v.versionNumber,
              publishedAt: v.publishedAt ? new Date(v.publishedAt) : new Date(),
            });
            await flushOrThrow(session, {});
            versions.set(v.versionNumber, version.id);
          }
          break;
        }
        case 'deployments': {
          const d = entry.doc as Doc<'deployments'>;
          const target = d.agent !== null
            ? { agentId: idOf('agents', d.agent) }
            : { workflowId: d.workflowVersion === null ? idOf('workflows', d.workflow ?? '') : (versionIds.get(d.workflow ?? '')?.get(d.workflowVersion) ?? '') };
          let dto = row
            ? await DeploymentsService.updateDeployment(session, row.id, { version: row.version, description: d.description, config: d.config })
            : await DeploymentsService.createDeployment(session, { name: d.name, description: d.description, config: d.config, ...target });
          ids.deployments.set(d.name, dto.id);
          if (dto.status !== d.status && d.status !== 'draft') {
            if (dto.status !== 'deployed') dto = await DeploymentsService.deploy(session, dto.id, { version: dto.version });
            if (d.status === 'stopped') dto = await DeploymentsService.stop(session, dto.id, { version: dto.version });
          }
          const before = current.bundle.deployments.find((x) => x.name === d.name)?.functions ?? [];
          for (const f of before) {
            const wanted = d.functions.find((w) => w.function === f.function);
            if (!wanted || canonical(wanted.config) !== canonical(f.config)) {
              await DeploymentsService.detachDeploymentFunction(session, dto.id, idOf('functions', f.function));
            }
          }
          for (const f of d.functions) {
            const had = before.find((b) => b.function === f.function);
            if (!had || canonical(had.config) !== canonical(f.config)) {
              await DeploymentsService.attachDeploymentFunction(session, dto.id, { functionId: idOf('functions', f.function), config: f.config });
            }
          }
          break;
        }
      }
    });
  }
}

/**
 * Parses an export (e.g. read from files) with the same rules `importAll` applies.
 *
 * @example
 * const bundle = parseStudioExport(JSON.parse(text));
 */
export function parseStudioExport(value: unknown): StudioExport {
  return parseInput(studioExportSchema, value);
}
