// @ts-check
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
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

const PACKAGES_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../packages');

/**
 * Aliases that send every `@agent-studio/<package>[/<subpath>]` import to the package's
 * TypeScript source, read from each package's `exports` (`./dist/<name>.js` → `./src/<name>.ts`),
 * so a test runs the code as it is in `src/` — editing `db/src` needs no rebuild before an sdk
 * test (as tRPC and create-t3-turbo do). Type tests (tsc) and tests that start a built process
 * (the CLI, the API, worker processes, the packed-consumer test) still use `dist/`.
 *
 * @example
 * sourceAliases(); // [{ find: /^@agent-studio\/db\/engine$/, replacement: '/repo/packages/db/src/engine.ts' }, …]
 * @returns {{ find: RegExp, replacement: string }[]}
 */
export function sourceAliases(packagesDir = PACKAGES_DIR) {
  return readdirSync(packagesDir).flatMap((dir) => {
    const file = join(packagesDir, dir, 'package.json');
    if (!existsSync(file)) return [];
    /** @type {{ name: string, exports?: Record<string, string | { import?: { default?: string } }> }} */
    const pkg = JSON.parse(readFileSync(file, 'utf8'));
    return Object.entries(pkg.exports ?? {}).flatMap(([subpath, target]) => {
      const built = typeof target === 'string' ? target : target.import?.default;
      const name = built && /^\.\/dist\/(.+)\.js$/.exec(built)?.[1];
      const source = name && join(packagesDir, dir, 'src', `${name}.ts`);
      if (!source || !existsSync(source)) return [];
      const specifier = `${pkg.name}${subpath.slice(1)}`.replace(/[/.-]/g, '\\$&');
      return [{ find: new RegExp(`^${specifier}$`), replacement: source }];
    });
  });
}

/**
 * @param {{ globalSetup?: string[], setupFiles?: string[], include?: string[], testTimeout?: number, env?: Record<string, string> }} [options]
 * @returns {import('vitest/config').ViteUserConfig}
 */
export function sharedConfig(options = {}) {
  return {
    resolve: { alias: sourceAliases() },
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
