import type { ViteUserConfig } from 'vitest/config';
/** The shared vitest configuration; see index.js. */
export declare function sharedConfig(options?: {
  globalSetup?: string[];
  setupFiles?: string[];
  include?: string[];
  testTimeout?: number;
  env?: Record<string, string>;
}): ViteUserConfig;
/** The outbound and stdio allow-lists every test worker gets (loopback, this Node binary). */
export declare const TEST_POLICY_ENV: { readonly OUTBOUND_ALLOW: string; readonly MCP_STDIO_COMMANDS: string; readonly AGENT_STUDIO_SECRET_KEY: string };
/** Aliases sending every `@agent-studio/<package>[/<subpath>]` import to the package's `src/` (see index.js). */
export declare function sourceAliases(packagesDir?: string): { find: RegExp; replacement: string }[];
