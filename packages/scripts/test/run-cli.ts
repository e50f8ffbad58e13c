/**
 * Runs the BUILT CLI (`dist/cli.js`) as a child process, as an operator would.
 *
 * @module
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
/** The built CLI. */
export const CLI = resolve(here, '../dist/cli.js');
/** The workspace root (the child's working directory). */
export const WORKSPACE_ROOT = resolve(here, '../../..');

/** What a finished run printed and returned. */
export interface CliRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The environment of a child: ours without any database settings, plus `env`. */
export function childEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => k !== 'DATABASE_URL' && !k.startsWith('AGENT_STUDIO_') && !k.startsWith('DB_')),
  );
  return { ...base, STUDIO_DEBUG: '', ...env };
}

/**
 * Starts `node dist/cli.js ...args` in the workspace root with `env` (see {@link childEnv}).
 *
 * @example
 * const child = startCli(['monitor'], db.env);
 */
export function startCli(args: readonly string[], env: Record<string, string>): ChildProcess {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "pnpm build" in packages/scripts first`);
  return spawn(process.execPath, [CLI, ...args], { cwd: WORKSPACE_ROOT, env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
}

/**
 * Resolves when `child` exits, with everything it printed.
 *
 * @example
 * const run = await finished(startCli(['db', 'init'], env));
 */
export function finished(child: ChildProcess): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolvePromise, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolvePromise({ code, signal, stdout, stderr }));
  });
}

/**
 * Runs the CLI to completion.
 *
 * @example
 * const { code, stdout } = await runCli(['db', 'migrate', 'status'], db.env);
 */
export function runCli(args: readonly string[], env: Record<string, string> = {}): Promise<CliRun> {
  return finished(startCli(args, env));
}

/** The non-empty lines of `text`. */
export function lines(text: string): string[] {
  return text.split('\n').filter((l) => l.trim() !== '');
}

/**
 * Resolves once `child` has written `text` to stderr (rejects after `timeoutMs`, with what it
 * wrote). Call {@link finished} first if you also want the whole output.
 *
 * @example
 * const child = startCli(['worker'], env);
 * const done = finished(child);
 * await untilStderr(child, 'worker: started');
 */
export function untilStderr(child: ChildProcess, text: string, timeoutMs = 60_000): Promise<void> {
  let stderr = '';
  return new Promise<void>((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "${text}" on stderr within ${timeoutMs} ms: ${stderr}`)), timeoutMs);
    const onData = (chunk: string | Buffer): void => {
      stderr += String(chunk);
      if (!stderr.includes(text)) return;
      clearTimeout(timer);
      child.stderr?.off('data', onData);
      resolvePromise();
    };
    child.stderr?.on('data', onData);
  });
}
