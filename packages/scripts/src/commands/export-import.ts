/**
 * `studio export [--out dir]` and `studio import <dir>`: the studio as files you can version,
 * through the SDK's `StudioExportService` (the same as `GET /api/v1/export` / `POST /api/v1/import`).
 *
 * @module
 */
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { parse as parseYaml, stringify as toYaml } from 'yaml';
import { CliError, USAGE_EXIT_CODE } from '../lib/cli-error.js';
import { emit, err, out } from '../lib/output.js';

/** The file (without extension) of each kind of resource, in import order. */
export const EXPORT_FILES = {
  mcpServers: 'mcp-servers',
  modelProviders: 'model-providers',
  functions: 'functions',
  agents: 'agents',
  workflows: 'workflows',
  deployments: 'deployments',
} as const;

type Kind = keyof typeof EXPORT_FILES;
const KINDS = Object.keys(EXPORT_FILES) as Kind[];
const EXTENSIONS = ['yaml', 'yml', 'json'] as const;

/** Every secret reference in a document (`{ secretRef: NAME }`). */
function secretRefs(value: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const v of value) secretRefs(v, into);
  else if (value !== null && typeof value === 'object') {
    const ref = (value as { secretRef?: unknown }).secretRef;
    if (typeof ref === 'string') into.add(ref);
    else for (const v of Object.values(value)) secretRefs(v, into);
  }
  return into;
}

/** Reads `<dir>/<kind file>.{yaml,yml,json}` for every kind (a missing file is an empty list). */
async function readExportDir(dir: string): Promise<{ bundle: Record<string, unknown>; files: Map<Kind, string> }> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    throw new CliError(`cannot read the directory ${dir}`, USAGE_EXIT_CODE);
  }
  const bundle: Record<string, unknown> = {};
  const files = new Map<Kind, string>();
  for (const kind of KINDS) {
    const found = EXTENSIONS.map((ext) => `${EXPORT_FILES[kind]}.${ext}`).filter((n) => names.includes(n));
    if (found.length > 1) throw new CliError(`${found.join(' and ')}: give one file per kind`);
    const file = found[0];
    files.set(kind, file ?? `${EXPORT_FILES[kind]}.yaml`);
    if (!file) continue;
    const text = await readFile(join(dir, file), 'utf8');
    try {
      bundle[kind] = (file.endsWith('.json') ? JSON.parse(text) : parseYaml(text)) ?? [];
    } catch (error) {
      throw new CliError(`${file}: not valid ${file.endsWith('.json') ? 'JSON' : 'YAML'}: ${(error as Error).message.split('\n')[0]}`);
    }
  }
  return { bundle, files };
}

/** `agents.yaml: [2] (support).model: must not be empty` for an issue at `['agents', 2, 'model']`. */
function issueLine(path: readonly (string | number)[], message: string, files: Map<Kind, string>, bundle: Record<string, unknown>): string {
  const [kind, index, ...field] = path;
  const file = files.get(kind as Kind);
  if (!file) return `${path.join('.') || '(root)'}: ${message}`;
  const item = typeof index === 'number' ? (bundle[kind as Kind] as { name?: unknown }[] | undefined)?.[index] : undefined;
  const name = typeof item?.name === 'string' ? ` (${item.name})` : '';
  const where = typeof index === 'number' ? `[${index}]${name}` : '';
  return `${file}: ${where}${field.length ? `${where ? '.' : ''}${field.join('.')}` : ''}: ${message}`;
}

/**
 * Registers `export` and `import`.
 *
 * @example
 * registerExportImport(program);
 * // $ pnpm studio export --out studio/          then, elsewhere:
 * // $ MCP_SEARCH_HEADER_AUTHORIZATION='Bearer …' pnpm studio import studio/
 */
export function registerExportImport(program: Command): void {
  program
    .command('export')
    .description('write agents, functions, MCP servers, model providers, workflows and deployments as files (secrets as references)')
    .option('--out <dir>', 'directory to write one file per kind to (default: one document on stdout)')
    .option('--format <format>', 'yaml or json', 'yaml')
    .action(async (options: { out?: string; format: string }) => {
      if (options.format !== 'yaml' && options.format !== 'json') throw new CliError('--format must be yaml or json', USAGE_EXIT_CODE);
      const { withExecSession } = await import('../lib/with-exec-session.js');
      const bundle = await withExecSession((session, sdk) => sdk.StudioExportService.exportAll(session));
      const render = (value: unknown) => (options.format === 'json' ? `${JSON.stringify(value, null, 2)}\n` : toYaml(value, { lineWidth: 0 }));
      if (options.out === undefined) {
        emit(bundle, () => process.stdout.write(render(bundle)));
        return;
      }
      const dir = resolve(options.out);
      await mkdir(dir, { recursive: true });
      const written: string[] = [];
      for (const kind of KINDS) {
        const file = `${EXPORT_FILES[kind]}.${options.format}`;
        await writeFile(join(dir, file), render(bundle[kind]));
        written.push(file);
      }
      const counts = Object.fromEntries(KINDS.map((k) => [k, bundle[k].length]));
      emit({ out: dir, files: written, counts }, () => {
        for (const kind of KINDS) out(`${EXPORT_FILES[kind]}.${options.format}: ${bundle[kind].length}`);
        err(`exported to ${dir}`);
      });
    });

  program
    .command('import')
    .description('apply exported files by name: create, update or leave each resource (all or nothing; a second import changes nothing)')
    .argument('<dir>', 'directory written by "studio export --out"')
    .option('--dry-run', 'validate and print what would change; write nothing')
    .action(async (dir: string, options: { dryRun?: boolean }) => {
      const { bundle, files } = await readExportDir(resolve(dir));
      // secret references take their values from environment variables of the same name
      const secrets = Object.fromEntries([...secretRefs(bundle)].flatMap((name) => (process.env[name] === undefined ? [] : [[name, process.env[name]]])));
      const { withExecSession } = await import('../lib/with-exec-session.js');
      const report = await withExecSession(async (session, sdk) => {
        try {
          return await sdk.StudioExportService.importAll(session, { bundle, secrets, dryRun: options.dryRun === true });
        } catch (error) {
          if (!sdk.isValidationError(error)) throw error;
          throw new CliError(
            `nothing was imported:\n${error.issues.map((i) => `  ${issueLine(i.path, i.message, files, bundle)}`).join('\n')}`,
          );
        }
      });
      emit(report, () => {
        for (const c of report.changes) if (c.action !== 'unchanged') out(`${c.action} ${EXPORT_FILES[c.kind]} ${c.name}`);
        err(`${report.dryRun ? 'would create' : 'created'} ${report.created}, ${report.dryRun ? 'would update' : 'updated'} ${report.updated}, unchanged ${report.unchanged}`);
      });
    });
}
