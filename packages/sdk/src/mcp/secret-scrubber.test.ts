import { describe, expect, it } from 'vitest';
import { createSecretScrubber, redactUrl } from './secret-scrubber.js';

describe('redactUrl', () => {
  it.each([
    ['https://user:pw@example.com/mcp?key=abc#frag', 'https://example.com/mcp'],
    ['http://127.0.0.1:3000/sse', 'http://127.0.0.1:3000/sse'],
    ['not a url', '<invalid url>'],
  ])('%s → %s', (input, expected) => {
    expect(redactUrl(input)).toBe(expected);
  });
});

describe('createSecretScrubber', () => {
  const scrub = createSecretScrubber({
    transport: 'streamable_http',
    url: 'https://admin:hunter2-password@mcp.example.com/mcp?api_key=SECRET-789&x=1',
    headers: { Authorization: 'Bearer SECRET-123', 'X-Api-Key': 'key-abcdef' },
    env: { TOKEN: 'SECRET-456', DEBUG: '1' },
  });

  it.each([
    ['header value', 'got Bearer SECRET-123', 'got ***'],
    ['token inside a header value', 'token SECRET-123 rejected', 'token *** rejected'],
    ['another header', 'bad key key-abcdef', 'bad key ***'],
    ['env value', 'TOKEN=SECRET-456 missing', 'TOKEN=*** missing'],
    ['url credentials and query', 'GET https://admin:hunter2-password@mcp.example.com/mcp?api_key=SECRET-789 failed', 'GET https://mcp.example.com/mcp failed'],
    ['an unrelated url with a query', 'see http://other.example/x?token=abc', 'see http://other.example/x'],
    ['unconfigured bearer credentials', 'Authorization: Bearer eyJhbGciOi.payload.sig', 'Authorization: Bearer ***'],
    ['a short env value is not a secret', 'exit code 1', 'exit code 1'],
  ])('masks %s', (_name, input, expected) => {
    expect(scrub(input)).toBe(expected);
  });

  it('masks URL-encoded secrets', () => {
    const withSpecials = createSecretScrubber({ transport: 'sse', url: 'https://x/sse', headers: { 'X-Key': 'a b/c+d' } });
    expect(withSpecials('sent a%20b%2Fc%2Bd')).toBe('sent ***');
  });
});
