/**
 * Starting run workers as real child processes (test/worker-process.mjs on the built packages)
 * and stopping them with real signals.
 *
 * @module
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Engine } from '@agent-studio/db/engine';

const script = fileURLToPath(new URL('../test/worker-process.mjs', import.meta.url));

/** A worker child process. */
export interface WorkerProcess {
  readonly child: ChildProcess;
  /** Everything it printed so far. */
  output(): string;
  /** Resolves when a line starting with `prefix` was printed; its rest. */
  line(prefix: string, timeoutMs?: number): Promise<string>;
  /** Resolves with the exit code (or signal). */
  readonly exited: Promise<number | string>;
}

/** The environment that points a child at the same database and key as `engine`. */
export function databaseEnv(engine: Engine): Record<string, string> {
  const { target, secretKey } = engine.config;
  return {
    // embedded: DATABASE_URL unset (startWorkerProcess drops the inherited one)
    ...(target.kind === 'server' ? { DATABASE_URL: target.url } : { AGENT_STUDIO_DATA_DIR: target.dataDir }),
    ...(secretKey ? { AGENT_STUDIO_SECRET_KEY: secretKey.toString('base64') } : {}),
  };
}

/**
 * Starts a worker process and waits until it takes jobs.
 *
 * @example
 * const w = await startWorkerProcess(databaseEnv(engine), { WORKER_CONCURRENCY: '10' });
 * w.child.kill('SIGKILL');
 */
export async function startWorkerProcess(dbEnv: Record<string, string>, extra: Record<string, string> = {}): Promise<WorkerProcess> {
  // the child's database is exactly dbEnv's: never this process's DATABASE_URL (an embedded
  // target leaves it unset, and an empty one is a configuration error)
  const { DATABASE_URL: _inherited, ...parentEnv } = process.env;
  const child = spawn(process.execPath, [script], {
    env: { ...parentEnv, ...dbEnv, ...extra },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const waiters: (() => void)[] = [];
  const onData = (chunk: Buffer) => {
    out += chunk.toString();
    for (const w of waiters.splice(0)) w();
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => {
      resolve(code ?? signal ?? -1);
      for (const w of waiters.splice(0)) w();
    }),
  );
  const proc: WorkerProcess = {
    child,
    output: () => out,
    exited,
    line(prefix, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const deadline = setTimeout(() => reject(new Error(`no "${prefix}" line within ${timeoutMs} ms; output:\n${out}`)), timeoutMs);
        const check = () => {
          const found = out.split('\n').find((l) => l.startsWith(prefix));
          if (found !== undefined) {
            clearTimeout(deadline);
            resolve(found.slice(prefix.length).trim());
          } else if (child.exitCode !== null) {
            clearTimeout(deadline);
            reject(new Error(`worker exited before "${prefix}"; output:\n${out}`));
          } else waiters.push(check);
        };
        check();
      });
    },
  };
  await proc.line('ready');
  return proc;
}
