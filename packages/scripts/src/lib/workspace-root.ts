/**
 * Locating the workspace the CLI reports on.
 *
 * @module
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findWorkspaceRoot } from '@agent-studio/db/engine';

/**
 * The pnpm workspace root (the directory holding `pnpm-workspace.yaml`) above the current
 * directory, else above this CLI's own file (so `node /path/to/dist/cli.js` works from anywhere).
 *
 * @example
 * const root = workspaceRoot(); // '/work/main'
 */
export function workspaceRoot(): string {
  const fromCwd = findWorkspaceRoot(process.cwd());
  if (existsSync(join(fromCwd, 'pnpm-workspace.yaml'))) return fromCwd;
  return findWorkspaceRoot(dirname(fileURLToPath(import.meta.url)));
}
