import { defineConfig } from 'vitest/config';
import { sharedConfig } from '@agent-studio/vitest-config';

// every supertest response is checked against the served OpenAPI document
export default defineConfig(sharedConfig({ setupFiles: ['./test/openapi/setup-response-check.ts'] }));
