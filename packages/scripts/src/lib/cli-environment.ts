/**
 * The environment a command runs in: `.env` (or `--dotenv`) and `--database-url`, applied once
 * before the command's action.
 *
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';
import { CliError, USAGE_EXIT_CODE } from './cli-error.js';

/** The global options that shape the environment. */
export interface EnvironmentOptions {
  /** `--dotenv <path>`: must exist. Default: `.env` in the working directory, when there is one. */
  readonly envFile?: string;
  /** `--database-url <url>`: overrides `DATABASE_URL` from the environment and the env file. */
  readonly databaseUrl?: string;
}

/** What {@link applyCliEnvironment} did, for diagnostics (`studio doctor`). */
export interface AppliedEnvironment {
  /** The env file read, if any (absolute path). */
  readonly envFile: string | undefined;
  /** The variables it set (those not already in the environment), by name only. */
  readonly fromEnvFile: readonly string[];
  /** Where `DATABASE_URL` came from. */
  readonly databaseUrlSource: 'flag' | 'environment' | 'env file' | 'unset';
}

/**
 * Loads the env file into `env` — variables already set win, as with `dotenv` and Node's
 * `--env-file` (a name the CLI cannot use: Node 20 claims it anywhere on its command line) — then applies `--database-url` (`postgres://` or `postgresql://`; anything else is
 * a usage error, exit 2). Parsing is Node's own `util.parseEnv`.
 *
 * @example
 * applyCliEnvironment({ databaseUrl: 'postgres://postgres@127.0.0.1:5432/test' });
 * process.env.DATABASE_URL; // 'postgres://postgres@127.0.0.1:5432/test'
 */
export function applyCliEnvironment(options: EnvironmentOptions, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): AppliedEnvironment {
  const hadDatabaseUrl = env.DATABASE_URL !== undefined;
  const path = options.envFile === undefined ? resolve(cwd, '.env') : resolve(cwd, options.envFile);
  let envFile: string | undefined;
  const fromEnvFile: string[] = [];
  if (options.envFile !== undefined && !existsSync(path)) throw new CliError(`--dotenv: no such file ${path}`, USAGE_EXIT_CODE);
  if (existsSync(path)) {
    envFile = path;
    for (const [name, value] of Object.entries(parseEnv(readFileSync(path, 'utf8')))) {
      if (value === undefined || env[name] !== undefined) continue;
      env[name] = value;
      fromEnvFile.push(name);
    }
  }
  let databaseUrlSource: AppliedEnvironment['databaseUrlSource'] = hadDatabaseUrl
    ? 'environment'
    : fromEnvFile.includes('DATABASE_URL')
      ? 'env file'
      : 'unset';
  if (options.databaseUrl !== undefined) {
    if (!/^postgres(ql)?:\/\/\S+$/.test(options.databaseUrl.trim())) {
      throw new CliError('--database-url must be a postgres:// or postgresql:// URL', USAGE_EXIT_CODE);
    }
    env.DATABASE_URL = options.databaseUrl.trim();
    databaseUrlSource = 'flag';
  }
  return { envFile, fromEnvFile, databaseUrlSource };
}
