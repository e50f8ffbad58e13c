import { config } from '@agent-studio/eslint-config';

export default config({
  tsconfigRootDir: import.meta.dirname,
  // the packed-package consumer is compiled by its own tsc outside the workspace
  ignores: ['test/consumer/*.mts', 'test/consumer/*.cts'],
  // The boundary table in DESIGN.md: the SDK takes an ExecSession, never the legacy one, and
  // knows nothing about HTTP frameworks.
  restrictedImports: [
    {
      name: '@agent-studio/db/legacy',
      message: 'The SDK must never use the legacy session: import ExecSession from @agent-studio/db/exec.',
    },
    { name: '@agent-studio/api', message: 'The SDK must never import the API (the API imports the SDK).' },
    { name: '@agent-studio/legacy', message: 'The SDK must never import legacy code (legacy may import @agent-studio/sdk/mcp).' },
    { name: 'express', message: 'The SDK must not depend on an HTTP framework; express belongs to @agent-studio/api.' },
  ],
});
