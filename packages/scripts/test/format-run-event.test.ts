import { describe, expect, it } from 'vitest';
import { formatRunEvent } from '../src/lib/format-run-event.js';

const base = { id: '7', runId: '3f2c1b6e-0000-4000-8000-000000000001', createdAt: '2026-12-01T10:00:01.123Z' };

describe('formatRunEvent', () => {
  it('time, padded type, step key and compact data', () => {
    expect(formatRunEvent({ ...base, type: 'step.succeeded', stepKey: 'fetch', data: { ms: 12 } })).toBe('10:00:01.123 step.succeeded fetch {"ms":12}');
    expect(formatRunEvent({ ...base, type: 'run.queued', stepKey: null, data: {} })).toBe('10:00:01.123 run.queued');
  });

  it('cuts long data at 200 characters and keeps it on one line', () => {
    const line = formatRunEvent({ ...base, type: 'step.failed', stepKey: 'n1', data: { error: `multi\nline ${'x'.repeat(500)}` } });
    expect(line).not.toContain('\n');
    expect(line.endsWith('…')).toBe(true);
    expect(line.length).toBeLessThan(260);
  });
});
