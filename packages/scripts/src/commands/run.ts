/**
 * `studio run`: invoke a deployment from the command line, and follow the run.
 *
 * @module
 */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { Engine } from '@agent-studio/db/engine';
import type { JsonValue } from '@agent-studio/db/models';
import type { RunDto } from '@agent-studio/sdk';
import { CliError } from '../lib/cli-error.js';
import { err, isJsonMode, out, outJson } from '../lib/output.js';

interface RunCliOptions {
  input?: string;
  idempotencyKey?: string;
  follow?: boolean;
  worker?: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function parseWorkerSlots(value: string): number {
  const n = /^\d+$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
  if (!Number.isSafeInteger(n) || n > 1_000) throw new CliError(`--worker must be a whole number from 0 to 1000, not "${value}"`);
  return n;
}

async function readInput(file: string | undefined): Promise<JsonValue> {
  if (file === undefined) return {};
  let text: string;
  try {
    text = file === '-' ? await readStdin() : await readFile(file, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read --input ${file}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text) as JsonValue; // JSON.parse only ever makes JSON values
  } catch (error) {
    throw new CliError(`--input ${file} is not JSON: ${(error as Error).message}`);
  }
}

async function readStdin(): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin) text += String(chunk);
  return text;
}

/** The id of the deployment named (or numbered) `ref`. */
async function resolveDeployment(engine: Engine, ref: string): Promise<string> {
  if (UUID.test(ref)) return ref;
  const [{ withSession, select }, { Deployment }] = await Promise.all([import('@agent-studio/db/exec'), import('@agent-studio/db/models')]);
  const row = await withSession(engine, (session) => session.exec(select(Deployment).where({ name: ref })).first());
  if (!row) throw new CliError(`no deployment has the id or name "${ref}"`);
  return row.id;
}

function summary(run: RunDto): string {
  const took = run.startedAt && run.finishedAt ? ` in ${Date.parse(run.finishedAt) - Date.parse(run.startedAt)} ms` : '';
  return `run ${run.id} ${run.status}${run.reason ? ` (${run.reason})` : ''}${took}`;
}

/**
 * Registers `run <deployment> [--input <file>] [--idempotency-key <key>] [--follow] [--json]
 * [--worker <n>]`: invokes the deployment (by id or name) with the JSON in `--input` (`-` =
 * stdin; default `{}`) through `RunsService.invoke` — the run, its first event and its queue job
 * committed together — and prints the run's id on stderr.
 *
 * Without `--follow` it prints the queued run (`--json`: the run as JSON) and exits 0. With
 * `--follow` it prints one line per event on stderr as the run goes (`watchRun`: NOTIFY on a
 * server, polling on the embedded database), then the run's output on stdout (`--json`: the
 * whole finished run), and exits 0 when the run succeeded, 1 otherwise. `--worker <n>` starts n
 * worker slots in this process while following — default 1 on the embedded database (no other
 * process can open it, so nothing else would run the run) and 0 on a server (run `studio
 * worker`s, or the API with `RUN_WORKERS`). Ctrl-C stops following (the run goes on).
 *
 * @example
 * registerRun(program);
 * // $ pnpm studio run support-bot --input question.json --follow
 */
export function registerRun(program: Command): void {
  program
    .command('run')
    .description('invoke a deployment (by id or name); --follow prints its events and exits 0 only if it succeeded')
    .argument('<deployment>', 'the deployment id or name')
    .option('--input <file>', 'the run input, a JSON file ("-" = stdin; default {})')
    .option('--idempotency-key <key>', 'the same key again returns the first run instead of starting another')
    .option('--follow', 'print the run events until it ends; exit 0 only when it succeeded')
    .option('--worker <n>', 'worker slots in this process while following (default: 1 on the embedded database, 0 on a server)', parseWorkerSlots)
    .action(async (deployment: string, options: RunCliOptions) => {
      const input = await readInput(options.input);
      const [{ withEngine }, { withSession }, { RunsService }, { createRuntimeDatabase }] = await Promise.all([
        import('../lib/with-engine.js'),
        import('@agent-studio/db/exec'),
        import('@agent-studio/sdk'),
        import('@agent-studio/db/engine'),
      ]);
      const finalRun = await withEngine(async (engine) => {
        const deploymentId = await resolveDeployment(engine, deployment);
        const { run, created } = await withSession(engine, (session) =>
          RunsService.invoke(session, deploymentId, { input, idempotencyKey: options.idempotencyKey }),
        );
        err(created ? `run ${run.id} queued` : `run ${run.id} (the earlier run of this idempotency key): ${run.status}`);
        if (!options.follow) return run;

        const { watchRun, createRunWorker } = await import('@agent-studio/sdk/runtime');
        const { formatRunEvent } = await import('../lib/format-run-event.js');
        const runtime = createRuntimeDatabase(engine);
        const slots = options.worker ?? (engine.config.target.kind === 'embedded' ? 1 : 0);
        const worker = slots > 0 ? createRunWorker(runtime, { concurrency: slots }) : undefined;
        const controller = new AbortController();
        const interrupt = (): void => controller.abort();
        process.once('SIGINT', interrupt);
        process.once('SIGTERM', interrupt);
        try {
          await worker?.start();
          for await (const event of watchRun(runtime, run.id, { signal: controller.signal })) err(formatRunEvent(event));
          if (controller.signal.aborted) throw new CliError(`stopped following run ${run.id}; it goes on (see GET /api/v1/runs/${run.id})`);
          return await withSession(engine, (session) => RunsService.getRun(session, run.id));
        } finally {
          process.off('SIGINT', interrupt);
          process.off('SIGTERM', interrupt);
          await worker?.stop();
          await runtime.close();
        }
      });

      if (!options.follow) {
        if (isJsonMode()) outJson(finalRun);
        else out(summary(finalRun));
        return;
      }
      if (isJsonMode()) outJson(finalRun);
      else if (finalRun.status === 'succeeded') out(JSON.stringify(finalRun.output ?? null, null, 2));
      if (finalRun.status !== 'succeeded') {
        // the run above stays the one JSON document on stdout; the exit code says it failed
        err(`error: ${summary(finalRun)}${finalRun.error ? `: ${finalRun.error}` : ''}`);
        process.exitCode = 1;
        return;
      }
      err(summary(finalRun));
    });
}
