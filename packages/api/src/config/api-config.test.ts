import { describe, expect, it } from 'vitest';
import { DEFAULT_EMBEDDED_RUN_WORKERS, isApiConfigError, loadApiConfig, runWorkerSlots } from './api-config.js';

describe('RUN_WORKERS', () => {
  it('defaults to worker slots on the embedded database and none on a server', () => {
    const config = loadApiConfig({});
    expect(config.runWorkers).toBeUndefined();
    expect(runWorkerSlots(config, 'embedded')).toBe(DEFAULT_EMBEDDED_RUN_WORKERS);
    expect(runWorkerSlots(config, 'server')).toBe(0);
  });

  it('when set, is the number of slots on either database (0 = none)', () => {
    expect(runWorkerSlots(loadApiConfig({ RUN_WORKERS: '2' }), 'server')).toBe(2);
    expect(runWorkerSlots(loadApiConfig({ RUN_WORKERS: '0' }), 'embedded')).toBe(0);
  });

  it('rejects a value that is not a whole number from 0 to 1000, naming the variable', () => {
    for (const value of ['-1', 'many', '1.5', '1001']) {
      let error: unknown;
      try {
        loadApiConfig({ RUN_WORKERS: value });
      } catch (e) {
        error = e;
      }
      expect(isApiConfigError(error), value).toBe(true);
      expect((error as Error).message).toMatch(/^Invalid configuration: RUN_WORKERS /);
    }
  });
});
