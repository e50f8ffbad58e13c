import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SERVER_JS = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'server.js');

/** Runs dist/server.js with `env` and resolves with its exit code and output. */
function runServer(env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [SERVER_JS], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const timer = setTimeout(() => child.kill('SIGTERM'), 30_000);
  return new Promise((resolve) =>
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    }),
  );
}

describe('the API server refuses to start', () => {
  it('on a PostgreSQL server without a configured secret key, saying how to make one', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test', PORT: '0', HOST: '127.0.0.1' };
    delete env.AGENT_STUDIO_SECRET_KEY;
    delete env.AGENT_STUDIO_SECRET_KEY_FILE;
    const { code, output } = await runServer(env);
    expect(code).toBe(1);
    expect(output).toContain('AGENT_STUDIO_SECRET_KEY is required with DATABASE_URL');
    expect(output).toContain('openssl rand -base64 32');
    expect(output).not.toContain('listening');
  });

  it('with a relative key file or an invalid OUTBOUND_ALLOW entry, naming the variable', async () => {
    const base: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test', PORT: '0', HOST: '127.0.0.1' };
    delete base.AGENT_STUDIO_SECRET_KEY;
    const relative = await runServer({ ...base, AGENT_STUDIO_SECRET_KEY_FILE: '.data/secret.key' });
    expect(relative.code).toBe(1);
    expect(relative.output).toContain('AGENT_STUDIO_SECRET_KEY_FILE must be an absolute path');
    const outbound = await runServer({ ...base, AGENT_STUDIO_SECRET_KEY: '0'.repeat(64), OUTBOUND_ALLOW: '10.0.0.0/99' });
    expect(outbound.code).toBe(1);
    expect(outbound.output).toContain('OUTBOUND_ALLOW');
  });
});
