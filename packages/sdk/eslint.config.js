import { config } from '@agent-studio/eslint-config';

export default [
  ...config({
  tsconfigRootDir: import.meta.dirname,
  // the packed-package consumer is compiled by its own tsc outside the workspace
  ignores: ['test/consumer/*.mts', 'test/consumer/*.cts'],
  // The boundary table in docs/architecture.md: the SDK takes an ExecSession (from @agent-studio/db/exec)
  // and the models, never the legacy session, never builds its own engine, and knows nothing
  // about HTTP frameworks, the API or legacy code.
  restrictedImports: [
    {
      name: '@agent-studio/db/legacy',
      message: 'The SDK must never use the legacy session (SessionLocal): take an ExecSession from @agent-studio/db/exec (getDb() / openSession()).',
    },
    {
      name: '@agent-studio/db/engine',
      message: 'SDK services never create an engine or open sessions: they are handed an ExecSession; callers open it with getDb() / openSession() from @agent-studio/db/exec.',
    },
    {
      name: '@agent-studio/db/testing',
      message: 'Test helpers stay in tests: SDK code takes an ExecSession from @agent-studio/db/exec (getDb() / openSession()).',
    },
    { name: 'express', message: 'The SDK must not depend on an HTTP framework; express belongs to @agent-studio/api.' },
  ],
  restrictedPatterns: [
    {
      group: ['@agent-studio/api', '@agent-studio/api/*'],
      message: 'The SDK must never import the API (the API imports the SDK); take an ExecSession from @agent-studio/db/exec (getDb() / openSession()).',
    },
    {
      group: ['@agent-studio/legacy', '@agent-studio/legacy/*'],
      message: 'The SDK must never import legacy code or its SessionLocal(); take an ExecSession from @agent-studio/db/exec (legacy may import @agent-studio/sdk/mcp).',
    },
  ],
  // tests build their own engine and fixtures
  allowInTests: ['@agent-studio/db/engine', '@agent-studio/db/testing'],
}),
  {
    // one JSON value schema, so the OpenAPI document has one JsonValue component (a fresh z.json()
    // per field becomes self-referencing types openapi-typescript cannot compile)
    files: ['src/**/*.ts'],
    ignores: ['src/common/json-value.ts'],
    rules: {
      'no-restricted-properties': ['error', { object: 'z', property: 'json', message: 'Use jsonValueSchema from src/common/json-value.ts.' }],
    },
  },
];
