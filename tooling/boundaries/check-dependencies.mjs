#!/usr/bin/env node
// @ts-check
/**
 * Level 1 of the boundaries (see the root README): every `@agent-studio/*` import in a package's
 * sources must name a package declared in that package's `dependencies` / `devDependencies`
 * (or the package itself), through a subpath the target's `exports` map exposes.
 *
 * Rules:
 * - `undeclared-dependency`: the imported workspace package is not declared in package.json.
 * - `unexported-subpath`: the target package's `exports` has no entry for the subpath.
 * - `unknown-package`: no workspace package has that name.
 *
 * Usage: node tooling/boundaries/check-dependencies.mjs [packageDir...]
 * (no arguments: every workspace package). One line per violation, exit 1 on any.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SCOPE = '@agent-studio/';
const SOURCE_DIRS = ['src', 'test', 'bench'];
const SOURCE_FILE = /\.(?:[cm]?ts|tsx)$/;
// static `import ... from '…'`, `export ... from '…'`, side-effect `import '…'`, `import('…')`, `require('…')`
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)(['"])(@agent-studio\/[^'"]+)\1/g;

/** @param {string} dir */
function readJson(dir) {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
}

/**
 * The workspace packages of the repository at `root` (`packages/*` and `tooling/*`), by name.
 * @param {string} root
 * @returns {Map<string, { dir: string, manifest: any }>}
 */
export function workspacePackages(root) {
  const found = new Map();
  for (const group of ['packages', 'tooling']) {
    const base = join(root, group);
    if (!existsSync(base)) continue;
    for (const entry of readdirSync(base)) {
      const dir = join(base, entry);
      if (!existsSync(join(dir, 'package.json'))) continue;
      const manifest = readJson(dir);
      found.set(manifest.name, { dir, manifest });
    }
  }
  return found;
}

/** @param {string} dir @returns {string[]} */
function sourceFiles(dir) {
  /** @type {string[]} */
  const out = [];
  const walk = (/** @type {string} */ d) => {
    for (const entry of readdirSync(d)) {
      if (entry === 'node_modules' || entry === 'dist') continue;
      const path = join(d, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (SOURCE_FILE.test(entry)) out.push(path);
    }
  };
  for (const sub of SOURCE_DIRS) if (existsSync(join(dir, sub))) walk(join(dir, sub));
  return out.sort();
}

/** Blanks out comments (keeping newlines, so line numbers stay right). @param {string} text */
function stripComments(text) {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ' '))
    .replace(/^(\s*)\/\/.*$/gm, '$1');
}

/**
 * Whether `subpath` (`.` or `./x`) is exposed by an `exports` map (exact keys and `*` patterns).
 * A package without `exports` exposes everything.
 * @param {unknown} exportsField @param {string} subpath
 */
export function isExported(exportsField, subpath) {
  if (exportsField === undefined) return true;
  if (typeof exportsField === 'string' || Array.isArray(exportsField)) return subpath === '.';
  const keys = Object.keys(/** @type {object} */ (exportsField));
  if (!keys.some((k) => k.startsWith('.'))) return subpath === '.'; // conditions-only map
  return keys.some((key) => {
    if (!key.includes('*')) return key === subpath;
    const [pre, post] = key.split('*');
    return subpath.startsWith(pre) && subpath.endsWith(post) && subpath.length >= pre.length + post.length;
  });
}

/**
 * Checks the packages in `packageDirs` (default: every workspace package) against the workspace
 * at `root`.
 * @param {{ root: string, packageDirs?: string[] }} options
 * @returns {Array<{ file: string, line: number, rule: string, message: string }>}
 */
export function checkDependencies({ root, packageDirs }) {
  const workspace = workspacePackages(root);
  const dirs = packageDirs ?? [...workspace.values()].map((p) => p.dir);
  /** @type {Array<{ file: string, line: number, rule: string, message: string }>} */
  const violations = [];
  for (const dir of dirs) {
    const manifest = readJson(dir);
    const declared = new Set([
      manifest.name,
      ...Object.keys(manifest.dependencies ?? {}),
      ...Object.keys(manifest.devDependencies ?? {}),
    ]);
    for (const file of sourceFiles(dir)) {
      const lines = stripComments(readFileSync(file, 'utf8')).split('\n');
      lines.forEach((text, index) => {
        for (const match of text.matchAll(SPECIFIER)) {
          const specifier = match[2];
          const [scopeName, ...rest] = specifier.slice(SCOPE.length).split('/');
          const target = SCOPE + scopeName;
          const subpath = rest.length ? `./${rest.join('/')}` : '.';
          const where = { file: relative(root, file), line: index + 1 };
          const pkg = workspace.get(target) ?? (target === manifest.name ? { manifest } : undefined);
          if (!pkg) {
            violations.push({ ...where, rule: 'unknown-package', message: `${specifier}: no workspace package is named ${target}.` });
          } else if (!declared.has(target)) {
            violations.push({
              ...where,
              rule: 'undeclared-dependency',
              message: `${manifest.name} imports ${specifier} but does not declare ${target} in package.json (dependencies or devDependencies); see the boundary table in the root README.`,
            });
          } else if (!isExported(pkg.manifest.exports, subpath)) {
            violations.push({
              ...where,
              rule: 'unexported-subpath',
              message: `${specifier}: ${target} does not export "${subpath}" (exports: ${Object.keys(pkg.manifest.exports ?? {}).join(', ')}).`,
            });
          }
        }
      });
    }
  }
  return violations;
}

/** @param {{ file: string, line: number, rule: string, message: string }} v */
export const formatViolation = (v) => `${v.file}:${v.line} ${v.rule}: ${v.message}`;

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = resolve(fileURLToPath(import.meta.url), '../../..');
  const args = process.argv.slice(2);
  const violations = checkDependencies({ root, packageDirs: args.length ? args.map((a) => resolve(a)) : undefined });
  for (const v of violations) console.log(formatViolation(v));
  process.exitCode = violations.length ? 1 : 0;
}
