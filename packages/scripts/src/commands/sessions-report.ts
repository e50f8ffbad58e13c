/**
 * `studio sessions report`: the tracker for moving legacy code off `SessionLocal`.
 *
 * @module
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { CliError } from '../lib/cli-error.js';
import { formatTable } from '../lib/format-table.js';
import { out, outJson } from '../lib/output.js';
import type { SessionLocalReport } from '../sessions/session-local-report.js';

interface SessionsReportCliOptions {
  json?: boolean;
  all?: boolean;
  dir: string[];
  root?: string;
}

function printText(report: SessionLocalReport): void {
  out(
    `SessionLocal is still used by ${report.totals.modules} module(s) in ${report.totals.packages} package(s) ` +
      `(${report.totals.imports} import(s), ${report.totals.calls} call(s)); scanned packages/*/{${report.scanned.join(',')}}`,
  );
  for (const pkg of report.packages) {
    out();
    out(`${pkg.name} (${pkg.dir}): ${pkg.counts.modules} module(s), ${pkg.counts.source} source, ${pkg.counts.test} test`);
    out(
      formatTable(
        ['file', 'kind', 'imports', 'calls'],
        pkg.modules.map((m) => [m.file, m.kind, String(m.imports), String(m.calls)]),
        200,
      ),
    );
  }
  const excluded = [
    ...report.excluded.packages.map((p) => `${p} (defines SessionLocal)`),
    ...(report.excluded.typeTests ? [`${report.excluded.typeTests} type test(s) (*.test-d.ts)`] : []),
  ];
  if (excluded.length) {
    out();
    out(`excluded: ${excluded.join(', ')}; --all includes them`);
  }
}

/**
 * Registers `sessions report [--json] [--all] [--dir <dirs...>] [--root <path>]`: lists every
 * module of the workspace's `packages/*` `src/` (or `--dir`) that imports or calls `SessionLocal`
 * — found by parsing each file with the TypeScript compiler, so comments and strings do not
 * count — grouped by package and file with counts. Tests are included and marked; type tests
 * (`*.test-d.ts`, which use it on purpose to prove it is rejected) and `@agent-studio/db` (which
 * defines it) only with `--all`. Needs no database.
 *
 * @example
 * registerSessionsReport(program);
 * // $ pnpm studio sessions report --json
 */
export function registerSessionsReport(program: Command): void {
  const sessions = program.command('sessions').description('the legacy-session (SessionLocal) migration tracker');
  sessions
    .command('report')
    .description('list the modules that still import or call SessionLocal, by package and file')
    .option('--json', 'print JSON')
    .option('--all', 'also list type tests and @agent-studio/db (which defines SessionLocal)')
    .option('--dir <dirs...>', 'directories to scan inside each package', ['src'])
    .option('--root <path>', 'the workspace root (default: found from the current directory)')
    .action(async (options: SessionsReportCliOptions) => {
      const { workspaceRoot } = await import('../lib/workspace-root.js');
      const { buildSessionLocalReport } = await import('../sessions/session-local-report.js');
      const root = options.root ? resolve(options.root) : workspaceRoot();
      if (!existsSync(join(root, 'packages'))) throw new CliError(`no packages/ directory in ${root}`);
      const report = await buildSessionLocalReport(root, { dirs: options.dir, all: options.all === true });
      if (options.json) outJson(report);
      else printText(report);
    });
}
