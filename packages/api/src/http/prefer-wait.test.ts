import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { MAX_WAIT_SECONDS, preferredWaitSeconds } from './prefer-wait.js';

const app = express();
app.get('/', (req, res) => {
  res.json({ wait: preferredWaitSeconds(req) ?? null });
});

async function waitOf(prefer?: string): Promise<number | null> {
  const req = request(app).get('/');
  const res = await (prefer === undefined ? req : req.set('Prefer', prefer));
  return (res.body as { wait: number | null }).wait;
}

describe('Prefer: wait (RFC 7240)', () => {
  it('reads wait=N alone, among other preferences, quoted, with parameters, in any case', async () => {
    expect(await waitOf('wait=10')).toBe(10);
    expect(await waitOf('respond-async, wait=5')).toBe(5);
    expect(await waitOf('handling=lenient, WAIT = "7"')).toBe(7);
    expect(await waitOf('wait=3;foo=bar')).toBe(3);
    expect(await waitOf('wait=0')).toBe(0);
  });

  it(`caps the wait at ${MAX_WAIT_SECONDS} s`, async () => {
    expect(await waitOf('wait=600')).toBe(MAX_WAIT_SECONDS);
    expect(await waitOf('wait=999999999')).toBe(MAX_WAIT_SECONDS);
  });

  it('ignores a missing, unknown or malformed preference', async () => {
    expect(await waitOf()).toBeNull();
    expect(await waitOf('respond-async')).toBeNull();
    expect(await waitOf('wait=soon')).toBeNull();
    expect(await waitOf('wait=-1')).toBeNull();
    expect(await waitOf('nowait=5')).toBeNull();
  });
});
