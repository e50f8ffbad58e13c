/**
 * `sessions report` scans the real workspace (no database).
 */
import { describe, expect, it } from 'vitest';
import { findSessionLocalUses } from '../src/sessions/find-session-local-uses.js';
import { runCli } from './run-cli.js';

interface Report {
  packages: Array<{ name: string; dir: string; modules: Array<{ file: string; kind: string; imports: number; calls: number }> }>;
  totals: { modules: number };
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

  it('prints a readable report by default', async () => {
    const run = await runCli(['sessions', 'report']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/SessionLocal is still used by \d+ module\(s\)/);
    expect(run.stdout).toContain('@agent-studio/legacy (packages/legacy)');
  });

  it('counts imports and calls by syntax, not text', () => {
    const source = [
      "import { SessionLocal as Legacy } from '@agent-studio/db/legacy';",
      "import * as db from '@agent-studio/db/legacy';",
      '// SessionLocal(engine) in a comment',
      "const s = 'SessionLocal(engine)';",
      'const a = Legacy(engine);',
      'const b = db.SessionLocal(engine);',
      "export { SessionLocal } from '@agent-studio/db/legacy';",
    ].join('\n');
    expect(findSessionLocalUses(source, 'x.ts')).toEqual({ imports: 2, calls: 2 });
    expect(findSessionLocalUses('const x = 1;', 'y.ts')).toEqual({ imports: 0, calls: 0 });
  });
});
