/**
 * `sessions report` scans the real workspace (no database).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findLegacySessionUses } from '../src/sessions/find-legacy-session-uses.js';
import { runCli } from './run-cli.js';

interface Report {
  packages: Array<{
    name: string;
    dir: string;
    modules: Array<{ file: string; kind: string; imports: number; calls: number; parameters: number; uses: Array<{ line: number; kind: string }> }>;
  }>;
  totals: { modules: number; parameters: number };
  excluded: { packages: string[]; typeTests: number };
}

describe('studio sessions report', () => {
  it('--json lists the legacy package modules and none of api or sdk', async () => {
    const run = await runCli(['sessions', 'report', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as Report;
    const names = report.packages.map((p) => p.name);
    expect(names).toContain('@agent-studio/legacy');
    expect(names).not.toContain('@agent-studio/api');
    expect(names).not.toContain('@agent-studio/sdk');
    const files = report.packages.flatMap((p) => p.modules.map((m) => m.file));
    expect(files.some((f) => f.startsWith('packages/api/') || f.startsWith('packages/sdk/'))).toBe(false);

    const legacy = report.packages.find((p) => p.name === '@agent-studio/legacy')!;
    const byFile = new Map(legacy.modules.map((m) => [m.file, m]));
    expect(byFile.get('packages/legacy/src/init-db/init-db.ts')).toMatchObject({ kind: 'source', imports: 1 });
    expect(byFile.get('packages/legacy/src/monitor/create-health-monitor.ts')?.kind).toBe('source');
    // a module that only takes a LegacySession parameter is listed, with the line
    const crud = byFile.get('packages/legacy/src/crud/prune-health-checks.ts');
    expect(crud).toMatchObject({ kind: 'source', calls: 0, parameters: 1 });
    const text = readFileSync(new URL('../../legacy/src/crud/prune-health-checks.ts', import.meta.url), 'utf8').split('\n');
    const paramLine = crud!.uses.find((u) => u.kind === 'parameter')!.line;
    expect(text[paramLine - 1]).toContain('db: LegacySession');
    // tests are included and marked
    expect(byFile.get('packages/legacy/src/crud/crud.test.ts')?.kind).toBe('test');
    // a doc-comment mention is not a use
    expect(byFile.has('packages/legacy/src/crud.ts')).toBe(false);
    expect(report.excluded.packages).toContain('@agent-studio/db');
    expect(report.excluded.typeTests).toBeGreaterThan(0);
  });

  it('--all adds the type tests and the defining package', async () => {
    const run = await runCli(['sessions', 'report', '--json', '--all']);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as Report;
    const names = report.packages.map((p) => p.name);
    expect(names).toContain('@agent-studio/db');
    const kinds = report.packages.flatMap((p) => p.modules.map((m) => m.kind));
    expect(kinds).toContain('type-test');
  });

  it('prints a readable report with lines by default', async () => {
    const run = await runCli(['sessions', 'report']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/the legacy session is still used by \d+ module\(s\)/);
    expect(run.stdout).toContain('@agent-studio/legacy (packages/legacy)');
    expect(run.stdout).toMatch(/packages\/legacy\/src\/crud\/prune-health-checks\.ts\s+source\s+import \d+, parameter \d+/);
  });

  it('--max is a budget: at the count it passes, below it fails with exit 1', async () => {
    const counted = JSON.parse((await runCli(['sessions', 'report', '--json'])).stdout) as Report;
    const n = counted.totals.modules;
    const within = await runCli(['sessions', 'report', '--max', String(n)]);
    expect(within.code, within.stderr).toBe(0);
    const over = await runCli(['sessions', 'report', '--max', String(n - 1)]);
    expect(over.code).toBe(1);
    expect(over.stderr).toContain(`${n} module(s) use the legacy session, above the budget of --max ${n - 1}`);
    const bad = await runCli(['sessions', 'report', '--max', 'many']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/non-negative integer/);
  });

  it('finds imports, calls and parameters by syntax, not text, with their lines', () => {
    const source = [
      "import { SessionLocal as Legacy, type LegacySession } from '@agent-studio/db/legacy';",
      "import * as db from '@agent-studio/db/legacy';",
      '// SessionLocal(engine) in a comment',
      "const s = 'SessionLocal(engine)';",
      'const a = Legacy(engine);',
      'const b = db.SessionLocal(engine);',
      "export { SessionLocal } from '@agent-studio/db/legacy';",
      'export function f(session: LegacySession, other: db.LegacySession, n: number) {}',
      'const g = (x: ReturnType<typeof Legacy>) => x;',
      'function h(ok: string, run: (inner: LegacySession) => void) {}',
    ].join('\n');
    expect(findLegacySessionUses(source, 'x.ts')).toEqual([
      { line: 1, kind: 'import' },
      { line: 1, kind: 'import' },
      { line: 5, kind: 'call' },
      { line: 6, kind: 'call' },
      { line: 7, kind: 'import' },
      { line: 8, kind: 'parameter' },
      { line: 8, kind: 'parameter' },
      { line: 9, kind: 'parameter' },
      { line: 10, kind: 'parameter' }, // the inner parameter, not also the callback's
    ]);
    expect(findLegacySessionUses('const x = 1;', 'y.ts')).toEqual([]);
  });
});
