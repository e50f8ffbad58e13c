// @ts-check
import { randomBytes } from 'node:crypto';
/**
 * Shared vitest configuration for Agent Studio packages: tests beside the code (`*.test.ts`),
 * type tests (`*.test-d.ts`) run by the same command through `--typecheck`, forked workers
 * (each test file gets its own database, so files may run in parallel).
 *
 * @example
 * // packages/x/vitest.config.ts
 * import { defineConfig } from 'vitest/config';
 * import { sharedConfig } from '@agent-studio/vitest-config';
 * export default defineConfig(sharedConfig({ globalSetup: ['./test/global-setup.ts'] }));
 */

/**
 * What the tests may reach and run, and their secret key. Agent Studio refuses loopback
 * destinations and every stdio command by default (issue 12), and a server database without a key; the tests use MCP and HTTP servers on loopback and stdio MCP
 * servers run by this Node binary, so they allow exactly those — a test that wants the default
 * policy builds it explicitly (`STRICT_OUTBOUND_POLICY`, `loadStdioCommandPolicy({})`).
 */
export const TEST_POLICY_ENV = {
  OUTBOUND_ALLOW: '127.0.0.1/32,::1/128,localhost',
  MCP_STDIO_COMMANDS: [process.execPath, 'node'].join(','),
  // DATABASE_URL needs a configured key (no key files that follow the working directory);
  // test engines still use a random key of their own per test file.
  AGENT_STUDIO_SECRET_KEY: process.env.AGENT_STUDIO_SECRET_KEY ?? randomBytes(32).toString('base64'),
};

/**
 * @param {{ globalSetup?: string[], setupFiles?: string[], include?: string[], testTimeout?: number, env?: Record<string, string> }} [options]
 * @returns {import('vitest/config').ViteUserConfig}
 */
export function sharedConfig(options = {}) {
  return {
    test: {
      include: options.include ?? ['src/**/*.test.ts', 'test/**/*.test.ts'],
      globalSetup: options.globalSetup ?? [],
      setupFiles: options.setupFiles ?? [],
      pool: 'forks',
      env: { ...TEST_POLICY_ENV, ...options.env },
      testTimeout: options.testTimeout ?? 60_000,
      hookTimeout: 120_000,
      teardownTimeout: 30_000,
      typecheck: {
        enabled: true,
        include: ['src/**/*.test-d.ts', 'test/**/*.test-d.ts'],
        tsconfig: './tsconfig.json',
      },
      reporters: process.env.CI ? ['default'] : ['default'],
    },
  };
}
