/**
 * The phase-2 tracker: every workspace module that still uses the legacy session (imports
 * `SessionLocal` / `LegacySession`, calls `SessionLocal`, or takes a `LegacySession` parameter),
 * with the lines.
 *
 * @module
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { findLegacySessionUses, type LegacySessionUse } from './find-legacy-session-uses.js';

/** What kind of module a file is. */
export type ModuleKind = 'source' | 'test' | 'type-test';

/** One module that uses the legacy session. */
export interface LegacySessionModule {
  /** Path from the workspace root, with `/`. */
  readonly file: string;
  /** `test` for `*.test.ts` (and files under a `test/` directory), `type-test` for `*.test-d.ts`. */
  readonly kind: ModuleKind;
  readonly imports: number;
  readonly calls: number;
  readonly parameters: number;
  /** Every use, in source order: `{ line, kind: 'import' | 'call' | 'parameter' }`. */
  readonly uses: readonly LegacySessionUse[];
}

/** The modules of one package. */
export interface LegacySessionPackage {
  /** The `name` in its package.json. */
  readonly name: string;
  /** Its directory from the workspace root (`packages/legacy`). */
  readonly dir: string;
  readonly modules: readonly LegacySessionModule[];
  readonly counts: UseCounts & { readonly modules: number; readonly source: number; readonly test: number };
}

/** Uses by kind. */
export interface UseCounts {
  readonly imports: number;
  readonly calls: number;
  readonly parameters: number;
}

/** The whole report. */
export interface LegacySessionReport {
  readonly root: string;
  /** The directories scanned inside each package (default `src`). */
  readonly scanned: readonly string[];
  readonly packages: readonly LegacySessionPackage[];
  readonly totals: UseCounts & { readonly packages: number; readonly modules: number };
  /** What was left out (see {@link LegacySessionReportOptions.all}). */
  readonly excluded: { readonly packages: readonly string[]; readonly typeTests: number };
}

/** Options of {@link buildLegacySessionReport}. */
export interface LegacySessionReportOptions {
  /** Directories to scan inside each `packages/*` (default `['src']`). */
  readonly dirs?: readonly string[];
  /**
   * Include what is left out by default: the package that defines the legacy session
   * (`@agent-studio/db`: its factory and own tests go away in phase 3, they are not migrated)
   * and type tests (`*.test-d.ts`: they use `SessionLocal` on purpose, to prove a legacy session
   * does not compile where an `ExecSession` is expected).
   */
  readonly all?: boolean;
}

/** The package that defines the factory. */
const DEFINING_PACKAGE = '@agent-studio/db';
const SOURCE_FILE = /\.(?:c|m)?tsx?$/;

async function listFiles(dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const files: string[] = [];
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && entry.name !== 'dist') files.push(...(await listFiles(path)));
    } else if (entry.isFile() && SOURCE_FILE.test(entry.name) && !/\.d\.(?:c|m)?ts$/.test(entry.name)) {
      files.push(path);
    }
  }
  return files;
}

function kindOf(file: string): ModuleKind {
  if (/\.test-d\.(?:c|m)?tsx?$/.test(file)) return 'type-test';
  if (/\.(?:test|spec)\.(?:c|m)?tsx?$/.test(file) || file.split('/').includes('test')) return 'test';
  return 'source';
}

async function packageName(dir: string): Promise<string | undefined> {
  try {
    const json = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as { name?: unknown };
    return typeof json.name === 'string' ? json.name : undefined;
  } catch {
    return undefined;
  }
}

function countUses(uses: readonly LegacySessionUse[]): UseCounts {
  return {
    imports: uses.filter((u) => u.kind === 'import').length,
    calls: uses.filter((u) => u.kind === 'call').length,
    parameters: uses.filter((u) => u.kind === 'parameter').length,
  };
}

function sumCounts(items: readonly UseCounts[]): UseCounts {
  return {
    imports: items.reduce((n, c) => n + c.imports, 0),
    calls: items.reduce((n, c) => n + c.calls, 0),
    parameters: items.reduce((n, c) => n + c.parameters, 0),
  };
}

/**
 * Scans `packages/<pkg>/<dir>` (default `src`) of the workspace at `root` for TypeScript modules
 * (`.d.ts` files skipped) that use the legacy session in any way (see
 * {@link findLegacySessionUses}), grouped by package and file with counts and lines. Tests
 * (`*.test.ts`) are included and marked `test`; type tests and the defining package are
 * excluded unless `all` (counted in `excluded`).
 *
 * @example
 * const report = await buildLegacySessionReport('/work/main');
 * report.packages.map((p) => p.name); // ['@agent-studio/legacy', ...]
 */
export async function buildLegacySessionReport(root: string, options: LegacySessionReportOptions = {}): Promise<LegacySessionReport> {
  const dirs = options.dirs?.length ? options.dirs : ['src'];
  const packagesDir = join(root, 'packages');
  const packageDirs = (await readdir(packagesDir, { withFileTypes: true }).catch(() => []))
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();

  const packages: LegacySessionPackage[] = [];
  const excludedPackages: string[] = [];
  let typeTests = 0;
  for (const dirName of packageDirs) {
    const dir = join(packagesDir, dirName);
    const name = (await packageName(dir)) ?? dirName;
    const modules: LegacySessionModule[] = [];
    for (const sub of dirs) {
      for (const path of (await listFiles(join(dir, sub))).sort()) {
        const uses = findLegacySessionUses(await readFile(path, 'utf8'), path);
        if (uses.length === 0) continue;
        const file = relative(root, path).split(sep).join('/');
        const kind = kindOf(relative(dir, path).split(sep).join('/'));
        if (kind === 'type-test' && !options.all) {
          typeTests += 1;
          continue;
        }
        modules.push({ file, kind, ...countUses(uses), uses });
      }
    }
    if (!modules.length) continue;
    if (name === DEFINING_PACKAGE && !options.all) {
      excludedPackages.push(name);
      continue;
    }
    packages.push({
      name,
      dir: relative(root, dir).split(sep).join('/'),
      modules,
      counts: {
        modules: modules.length,
        source: modules.filter((m) => m.kind === 'source').length,
        test: modules.filter((m) => m.kind !== 'source').length,
        ...sumCounts(modules),
      },
    });
  }
  return {
    root,
    scanned: dirs,
    packages,
    totals: {
      packages: packages.length,
      modules: packages.reduce((n, p) => n + p.counts.modules, 0),
      ...sumCounts(packages.map((p) => p.counts)),
    },
    excluded: { packages: excludedPackages, typeTests },
  };
}
