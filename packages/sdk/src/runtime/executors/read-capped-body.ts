/**
 * Reading a response body with a size cap, without buffering past it.
 *
 * @module
 */
import { StepError } from './step-error.js';

/**
 * The most bytes of a response an executor reads by default (1 MiB).
 *
 * @example
 * await readCappedBody(response, DEFAULT_MAX_RESPONSE_BYTES);
 */
export const DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;

/**
 * Reads `response`'s body, at most `maxBytes`: a `Content-Length` over the cap fails before
 * reading, and a stream that grows past it is cancelled as soon as it does (`StepError`
 * `too_large`, not retryable).
 *
 * @example
 * const bytes = await readCappedBody(await fetch(url), 1024 * 1024);
 */
export async function readCappedBody(response: Response, maxBytes: number): Promise<Buffer> {
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw tooLarge(maxBytes);
  }
  if (!response.body) return Buffer.alloc(0);
  const reader: ReadableStreamDefaultReader<Uint8Array> = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, total);
}

function tooLarge(maxBytes: number): StepError {
  return new StepError('too_large', `the response is larger than ${maxBytes} bytes`, { retryable: false });
}
