// @ts-check
/**
 * Level 2 of the boundaries: each package's own eslint.config.js, restricted to the
 * `no-restricted-imports` rule (the import table), without type information so it stays fast.
 * The full lint (`pnpm lint`) runs the same rule with everything else.
 */
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ESLint } from 'eslint';

export const LINT_RULE = 'no-restricted-imports';

/** @param {string} packageDir */
export function boundaryLinter(packageDir) {
  return new ESLint({
    cwd: packageDir,
    overrideConfigFile: join(packageDir, 'eslint.config.js'),
    ruleFilter: ({ ruleId }) => ruleId === LINT_RULE,
    overrideConfig: { languageOptions: { parserOptions: { projectService: false, project: null } } },
    errorOnUnmatchedPattern: false,
  });
}

/**
 * @param {ESLint.LintResult[]} results @param {string} root
 * @returns {Array<{ file: string, line: number, rule: string, message: string }>}
 */
export function toViolations(results, root) {
  return results.flatMap((r) =>
    r.messages.map((m) => ({
      file: relative(root, r.filePath),
      line: m.line ?? 0,
      rule: m.ruleId ?? 'eslint',
      message: m.message,
    })),
  );
}

/**
 * Lints every package that has an eslint.config.js.
 * @param {{ root: string, packageDirs: string[] }} options
 */
export async function checkLint({ root, packageDirs }) {
  const violations = [];
  for (const dir of packageDirs) {
    if (!existsSync(join(dir, 'eslint.config.js'))) continue;
    const results = await boundaryLinter(dir).lintFiles(['.']);
    violations.push(...toViolations(results, root));
  }
  return violations;
}
