import { defineConfig } from 'vitest/config';
import { sharedConfig } from '@agent-studio/vitest-config';

// The CLI tests run the built dist/cli.js as a child process (turbo builds it first:
// `@agent-studio/scripts#test` depends on `build`).
export default defineConfig(sharedConfig({ testTimeout: 120_000 }));
