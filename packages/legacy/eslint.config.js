import { config } from '@agent-studio/eslint-config';

export default config({
  tsconfigRootDir: import.meta.dirname,
  // The boundary table in docs/architecture.md: legacy code runs on the legacy session and may use the
  // session-free MCP probe from the SDK, nothing else of it; it never touches the exec session
  // or the API.
  restrictedImports: [
    {
      name: '@agent-studio/db/exec',
      message: 'Legacy code uses SessionLocal() from @agent-studio/db/legacy, never the exec session (that is for the SDK and the API).',
    },
    {
      name: '@agent-studio/sdk',
      message: 'Legacy code may import only the session-free @agent-studio/sdk/mcp (probeMcpServer, nextHealthState); SDK services take an ExecSession, so use SessionLocal() from @agent-studio/db/legacy with legacy CRUD instead.',
    },
  ],
  restrictedPatterns: [
    {
      group: ['@agent-studio/api', '@agent-studio/api/*'],
      message: 'Legacy code must never import the API (the API never imports legacy either); use SessionLocal() from @agent-studio/db/legacy.',
    },
  ],
});
