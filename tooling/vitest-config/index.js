// @ts-check
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
 * @param {{ globalSetup?: string[], setupFiles?: string[], include?: string[], testTimeout?: number }} [options]
 * @returns {import('vitest/config').ViteUserConfig}
 */
export function sharedConfig(options = {}) {
  return {
    test: {
      include: options.include ?? ['src/**/*.test.ts', 'test/**/*.test.ts'],
      globalSetup: options.globalSetup ?? [],
      setupFiles: options.setupFiles ?? [],
      pool: 'forks',
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
