// Planted-violation fixtures: each one runs the REAL checker (the package's own eslint.config.js,
// the dependency checker, turbo boundaries with the real tags and rules) and must fail naming its
// rule; the clean fixtures must pass. A checker that passes everything fails this file.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { checkDependencies } from '../check-dependencies.mjs';
import { LINT_RULE, boundaryLinter, toViolations } from '../check-lint.mjs';
import { checkTurbo } from '../check-turbo.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = resolve(here, '../../..');
const fixtures = resolve(here, '../fixtures');

// lint: fixture file -> the text its message must contain (what to use instead)
const lintCases = {
  'sdk/db-legacy.ts': "'@agent-studio/db/legacy'",
  'sdk/db-engine.ts': "'@agent-studio/db/engine'",
  'sdk/api.ts': "'@agent-studio/api'",
  'sdk/legacy.ts': "'@agent-studio/legacy/crud'",
  'sdk/express.ts': "'express'",
  'api/db-legacy.ts': "'@agent-studio/db/legacy'",
  'api/legacy.ts': "'@agent-studio/legacy/monitor'",
  'legacy/db-exec.ts': "'@agent-studio/db/exec'",
  'legacy/sdk-services.ts': "'@agent-studio/sdk'",
  'legacy/api.ts': "'@agent-studio/api'",
  'scripts/api.ts': "'@agent-studio/api'",
  'scripts/api-relative.ts': "'../../../api/src/app/create-app.js'",
};
const lintClean = ['sdk/clean.ts', 'sdk/clean.test.ts', 'api/clean.ts', 'legacy/clean.ts', 'scripts/clean.ts'];

/** Lints a fixture as if it were a file of that package (under src/, or src/<name> for tests). */
async function lintFixture(fixture) {
  const [pkg, name] = fixture.split('/');
  const packageDir = join(root, 'packages', pkg);
  const text = readFileSync(join(fixtures, 'lint', fixture), 'utf8');
  const filePath = join(packageDir, 'src', '__boundaries_fixture__', name);
  return toViolations(await boundaryLinter(packageDir).lintText(text, { filePath }), root);
}

describe('level 2: lint (each package eslint.config.js)', () => {
  it('has a fixture for every case on disk', () => {
    const onDisk = ['sdk', 'api', 'legacy', 'scripts'].flatMap((p) => readdirSync(join(fixtures, 'lint', p)).map((f) => `${p}/${f}`));
    expect(onDisk.sort()).toEqual([...Object.keys(lintCases), ...lintClean].sort());
  });

  it.each(Object.entries(lintCases))('%s is rejected, naming the rule and the factory to use', async (fixture, specifier) => {
    const violations = await lintFixture(fixture);
    expect(violations.length).toBeGreaterThan(0);
    for (const v of violations) {
      expect(v.rule).toBe(LINT_RULE);
      expect(v.message).toContain(specifier);
      expect(v.message).toMatch(/getDb|openSession|SessionLocal|withRequestSession|ExecSession|@agent-studio\/sdk\/mcp|@agent-studio\/api/);
    }
    expect(violations[0].line).toBe(1);
  });

  it.each(lintClean)('%s passes', async (fixture) => {
    expect(await lintFixture(fixture)).toEqual([]);
  });
});

describe('level 1: declared dependencies and exports', () => {
  const check = (name) => checkDependencies({ root, packageDirs: [join(fixtures, 'deps', name)] });

  it('an import of an undeclared workspace package fails: undeclared-dependency', () => {
    const violations = check('undeclared');
    expect(violations.map((v) => `${basename(v.file)}:${v.line} ${v.rule}`)).toEqual(['index.ts:2 undeclared-dependency']);
    expect(violations[0].message).toContain('@agent-studio/legacy');
  });

  it('an import of a subpath missing from exports fails: unexported-subpath', () => {
    const violations = check('unexported');
    expect(violations.map((v) => `${v.line} ${v.rule}`)).toEqual(['2 unexported-subpath', '3 unexported-subpath']);
    expect(violations[1].message).toContain('./services/agents');
  });

  it('the clean fixture passes (comments are not imports)', () => {
    expect(check('clean')).toEqual([]);
  });
});

describe('level 3: turbo boundaries (real tags and rules)', () => {
  const realTurbo = JSON.parse(readFileSync(join(root, 'turbo.json'), 'utf8'));
  const made = [];
  afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  /** A throw-away monorepo with the real boundaries rules and package tags, and the fixture's dependencies. */
  function plant(fixture) {
    const deps = JSON.parse(readFileSync(join(fixtures, 'turbo', fixture), 'utf8'));
    const dir = mkdtempSync(join(tmpdir(), 'boundaries-turbo-'));
    made.push(dir);
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'fixture-root', private: true, packageManager: 'pnpm@10.34.8' }));
    writeFileSync(join(dir, 'pnpm-workspace.yaml'), 'packages:\n  - packages/*\n');
    writeFileSync(join(dir, 'turbo.json'), JSON.stringify({ $schema: realTurbo.$schema, boundaries: realTurbo.boundaries, tasks: {} }, null, 2));
    for (const name of ['db', 'sdk', 'api', 'legacy', 'scripts']) {
      const pkgDir = join(dir, 'packages', name);
      mkdirSync(join(pkgDir, 'src'), { recursive: true });
      cpSync(join(root, 'packages', name, 'turbo.json'), join(pkgDir, 'turbo.json'));
      const full = `@agent-studio/${name}`;
      const dependencies = Object.fromEntries((deps[full] ?? []).map((d) => [d, 'workspace:*']));
      writeFileSync(join(pkgDir, 'package.json'), JSON.stringify({ name: full, version: '0.0.0', dependencies }));
      writeFileSync(join(pkgDir, 'src', 'index.ts'), 'export const x = 1;\n');
    }
    return checkTurbo({ root, cwd: dir });
  }

  it.each(['published-depends-on-app.json', 'api-depends-on-legacy.json', 'legacy-depends-on-api.json', 'db-depends-on-sdk.json'])(
    '%s fails: turbo/tag-denied',
    (fixture) => {
      const violations = plant(fixture);
      expect(violations.length).toBeGreaterThan(0);
      expect(violations.every((v) => v.rule === 'turbo/tag-denied')).toBe(true);
      expect(violations[0].file).toMatch(/turbo\.json$/);
    },
  );

  it('the clean fixture (the table as it is) passes', () => {
    expect(plant('clean.json')).toEqual([]);
  });
});
