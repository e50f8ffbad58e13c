// @ts-check
/**
 * Level 3 of the boundaries: `turbo boundaries` (package tags in each package's turbo.json, rules
 * in the root turbo.json, plus turbo's own undeclared-dependency / leaves-the-package checks),
 * its report folded into one line per issue.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/** @param {string} message */
function ruleOf(message) {
  if (/denylist/.test(message)) return 'turbo/tag-denied';
  if (/allowlist|not in the allow/.test(message)) return 'turbo/tag-not-allowed';
  if (/leaves the package/.test(message)) return 'turbo/import-leaves-package';
  if (/not a dependency|not declared/.test(message)) return 'turbo/undeclared-dependency';
  return 'turbo/boundaries';
}

/**
 * Parses turbo's (no-color) report: an issue starts with `  x message`, may continue on `  | …`
 * lines, and is located by the first `,-[file:line:col]` after it.
 * @param {string} output
 */
export function parseTurboReport(output) {
  /** @type {Array<{ file: string, line: number, rule: string, message: string }>} */
  const issues = [];
  /** @type {{ message: string, file?: string, line?: number } | undefined} */
  let current;
  const flush = () => {
    if (current?.file) {
      issues.push({ file: current.file, line: current.line ?? 0, rule: ruleOf(current.message), message: current.message });
    }
    current = undefined;
  };
  for (const raw of output.split('\n')) {
    const start = /^ {2}x (.*)$/.exec(raw);
    if (start) {
      flush();
      current = { message: start[1].trim() };
      continue;
    }
    if (!current) continue;
    const more = /^ {2}\| (.*)$/.exec(raw);
    if (more && current.file === undefined) {
      current.message += (current.message.endsWith('-') ? '' : ' ') + more[1].trim();
      continue;
    }
    const at = /,-\[(.+?):(\d+):\d+\]/.exec(raw);
    if (at && current.file === undefined) {
      current.file = at[1];
      current.line = Number(at[2]);
    }
  }
  flush();
  return issues;
}

/**
 * Runs the workspace's turbo (`node_modules/.bin/turbo`) in `cwd`.
 * @param {{ root: string, cwd?: string }} options
 */
export function checkTurbo({ root, cwd = root }) {
  const result = spawnSync(join(root, 'node_modules/.bin/turbo'), ['boundaries', '--skip-infer', '--no-color', '--no-update-notifier'], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', COLUMNS: '400', TURBO_TELEMETRY_DISABLED: '1' },
  });
  const output = `${result.stdout ?? ''}\n${result.stderr ?? ''}`;
  const issues = parseTurboReport(output);
  if (result.status !== 0 && issues.length === 0) {
    const summary = /Checked .*/.exec(output)?.[0] ?? (result.error?.message || `exit ${result.status}`);
    issues.push({ file: 'turbo.json', line: 0, rule: 'turbo/boundaries', message: `turbo boundaries failed: ${summary}` });
  }
  return issues;
}
