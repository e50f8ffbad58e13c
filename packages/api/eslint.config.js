import { config } from '@agent-studio/eslint-config';

export default config({
  tsconfigRootDir: import.meta.dirname,
  // the generated OpenAPI client and the scenario using it are checked by tsc --strict in openapi-client.test.ts
  ignores: ['test/openapi-client/generated/**', 'test/openapi-client/scenario.ts'],
  // The boundary table in docs/architecture.md: the API hands every request an ExecSession.
  restrictedImports: [
    {
      name: '@agent-studio/db/legacy',
      message: 'The API never uses the legacy session (SessionLocal): take the request session (ExecSession) from withRequestSession, or getDb() / openSession() from @agent-studio/db/exec.',
    },
  ],
  restrictedPatterns: [
    {
      group: ['@agent-studio/legacy', '@agent-studio/legacy/*'],
      message: 'The API must not import legacy code: call SDK services with the request session (ExecSession from withRequestSession / @agent-studio/db/exec).',
    },
  ],
});
