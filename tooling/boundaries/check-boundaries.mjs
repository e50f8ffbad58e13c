#!/usr/bin/env node
// @ts-check
/**
 * `pnpm check:boundaries`: the three levels of the import table (root README, "Boundaries"),
 * one line per violation (`<file>:<line> <rule>: <message>`), exit 1 on any.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkDependencies, formatViolation, workspacePackages } from './check-dependencies.mjs';
import { checkLint } from './check-lint.mjs';
import { checkTurbo } from './check-turbo.mjs';

const root = resolve(fileURLToPath(import.meta.url), '../../..');
const packageDirs = [...workspacePackages(root).values()].map((p) => p.dir);

const levels = [
  ['declared dependencies and exports', () => checkDependencies({ root, packageDirs })],
  ['lint (no-restricted-imports)', () => checkLint({ root, packageDirs })],
  ['turbo boundaries (tags)', () => checkTurbo({ root })],
];

let total = 0;
for (const [name, run] of levels) {
  const violations = await run();
  for (const v of violations) console.log(formatViolation(v));
  console.error(`check:boundaries: ${name}: ${violations.length ? `${violations.length} violation(s)` : 'ok'}`);
  total += violations.length;
}
process.exitCode = total ? 1 : 0;
