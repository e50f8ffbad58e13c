import { config } from '@agent-studio/eslint-config';

export default config({
  tsconfigRootDir: import.meta.dirname,
  // The boundary table in docs/architecture.md: the process set-up knows no Agent Studio package,
  // so the libraries (db, sdk) cannot reach the OpenTelemetry SDK through it, nor it them.
  restrictedPatterns: [
    {
      group: ['@agent-studio/db', '@agent-studio/db/*', '@agent-studio/sdk', '@agent-studio/sdk/*', '@agent-studio/api', '@agent-studio/legacy', '@agent-studio/legacy/*'],
      message: 'The telemetry set-up registers the OpenTelemetry SDK and nothing else; spans are made with @opentelemetry/api where the work happens (db/tracing helpers).',
    },
  ],
});
