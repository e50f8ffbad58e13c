import type { ViteUserConfig } from 'vitest/config';
/** The shared vitest configuration; see index.js. */
export declare function sharedConfig(options?: {
  globalSetup?: string[];
  setupFiles?: string[];
  include?: string[];
  testTimeout?: number;
}): ViteUserConfig;
