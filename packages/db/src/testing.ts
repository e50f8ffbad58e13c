/**
 * `@agent-studio/db/testing` — the shared test set-up: an isolated, migrated database per test
 * file, on the server in `DATABASE_URL` or on the embedded default. Not for production code.
 *
 * @example
 * import { createTestEngine, type TestEngine } from '@agent-studio/db/testing';
 * let engine: TestEngine;
 * beforeAll(async () => { engine = await createTestEngine(); });
 * afterAll(() => engine.close());
 *
 * @module
 */
export { createTestEngine, type TestEngine, type TestEngineOverrides } from './testing/test-engine.js';
