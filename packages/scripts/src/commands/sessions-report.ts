/**
 * `studio sessions report`: the tracker for moving code off the legacy session.
 *
 * @module
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { CliError } from '../lib/cli-error.js';
import { emit, err, out, outTable } from '../lib/output.js';
import { parseNonNegativeInt } from '../lib/parse-int-option.js';
import type { LegacySessionModule, LegacySessionReport } from '../sessions/legacy-session-report.js';

interface SessionsReportCliOptions {
  all?: boolean;
  dir: string[];
  root?: string;
  max?: number;
}

/** `import 3, call 40, parameter 12 17`: the lines of each kind of use. */
function linesOf(module: LegacySessionModule): string {
  return (['import', 'call', 'parameter'] as const)
    .map((kind) => [kind, module.uses.filter((u) => u.kind === kind).map((u) => u.line)] as const)
    .filter(([, lines]) => lines.length)
    .map(([kind, lines]) => `${kind} ${lines.join(' ')}`)
    .join(', ');
}

function printText(report: LegacySessionReport): void {
  const { totals } = report;
  out(
    `the legacy session is still used by ${totals.modules} module(s) in ${totals.packages} package(s) ` +
      `(${totals.imports} import(s), ${totals.calls} call(s) of SessionLocal, ${totals.parameters} LegacySession parameter(s)); ` +
      `scanned packages/*/{${report.scanned.join(',')}}`,
  );
  for (const pkg of report.packages) {
    out();
    out(`${pkg.name} (${pkg.dir}): ${pkg.counts.modules} module(s), ${pkg.counts.source} source, ${pkg.counts.test} test`);
    outTable(['file', 'kind', 'lines'], pkg.modules.map((m) => [m.file, m.kind, linesOf(m)]), 200);
  }
  const excluded = [
    ...report.excluded.packages.map((p) => `${p} (defines the legacy session)`),
    ...(report.excluded.typeTests ? [`${report.excluded.typeTests} type test(s) (*.test-d.ts)`] : []),
  ];
  if (excluded.length) {
    out();
    out(`excluded: ${excluded.join(', ')}; --all includes them`);
  }
}

/**
 * Registers `sessions report [--json] [--all] [--dir <dirs...>] [--root <path>] [--max <n>]`:
 * lists every module of the workspace's `packages/*` `src/` (or `--dir`) that uses the legacy
 * session — imports `SessionLocal` / `LegacySession`, calls `SessionLocal`, or takes a
 * `LegacySession` parameter — found by parsing each file with the TypeScript compiler (comments
 * and strings do not count), grouped by package and file with the lines of each use. Tests are
 * included and marked; type tests (`*.test-d.ts`, which use it on purpose to prove it is
 * rejected) and `@agent-studio/db` (which defines it) only with `--all`. `--max <n>` is a
 * budget: more than `n` modules is an error (exit 1), so CI fails when the count grows. Needs no
 * database.
 *
 * @example
 * registerSessionsReport(program);
 * // $ pnpm studio sessions report --max 9
 */
export function registerSessionsReport(program: Command): void {
  const sessions = program.command('sessions').description('the legacy-session migration tracker');
  sessions
    .command('report')
    .description('list the modules that still use the legacy session (import, SessionLocal call, LegacySession parameter), with lines')
    .option('--all', 'also list type tests and @agent-studio/db (which defines the legacy session)')
    .option('--dir <dirs...>', 'directories to scan inside each package', ['src'])
    .option('--root <path>', 'the workspace root (default: found from the current directory)')
    .option('--max <n>', 'fail (exit 1) when more than n modules use the legacy session', parseNonNegativeInt)
    .action(async (options: SessionsReportCliOptions) => {
      const { workspaceRoot } = await import('../lib/workspace-root.js');
      const { buildLegacySessionReport } = await import('../sessions/legacy-session-report.js');
      const root = options.root ? resolve(options.root) : workspaceRoot();
      if (!existsSync(join(root, 'packages'))) throw new CliError(`no packages/ directory in ${root}`);
      const report = await buildLegacySessionReport(root, { dirs: options.dir, all: options.all === true });
      emit(options.max === undefined ? report : { ...report, max: options.max }, () => printText(report));
      if (options.max !== undefined && report.totals.modules > options.max) {
        // the report above stays the one document on stdout; the exit code says it is over budget
        err(
          `error: ${report.totals.modules} module(s) use the legacy session, above the budget of --max ${options.max}: move the new use to the exec session (or raise the budget on purpose)`,
        );
        process.exitCode = 1;
      }
    });
}
