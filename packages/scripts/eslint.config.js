import { config } from '@agent-studio/eslint-config';

// The boundary table in docs/architecture.md: scripts may import anything from db, sdk and legacy, and
// never the API's internals (the API is a deployment, not a library).
const apiMessage =
  'Scripts must never import the API: use the SDK services with getDb() / openSession() from @agent-studio/db/exec (or legacy code with SessionLocal() from @agent-studio/db/legacy), as the API itself does.';

export default config({
  tsconfigRootDir: import.meta.dirname,
  restrictedPatterns: [
    { group: ['@agent-studio/api', '@agent-studio/api/*'], message: apiMessage },
    // relative paths into packages/api (its sources or its build output)
    { group: ['**/api/src', '**/api/src/**', '**/api/dist', '**/api/dist/**'], message: apiMessage },
  ],
});
