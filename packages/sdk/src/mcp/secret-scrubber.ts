/**
 * Removes configured secrets (header values, env values, secret args, URL credentials and query strings) from
 * text before it leaves a probe.
 *
 * @module
 */
import type { McpProbeConfig } from './probe-config.js';

/** Replacement for a removed secret. */
const MASK = '***';
/**
 * Values shorter than this are not treated as secrets: masking a header value like `info` would
 * mangle every message that contains the word.
 */
export const MIN_SECRET_LENGTH = 8;
/** A URL in free text. */
const URL_IN_TEXT = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>`]+/gi;
/** Credentials after an auth scheme, e.g. `Bearer abc.def`. */
const AUTH_SCHEME_VALUE = /\b(Bearer|Basic|Token)\s+[A-Za-z0-9._~+/=-]+/gi;

/**
 * A function that returns its input with every known secret masked.
 *
 * @example
 * const scrub: SecretScrubber = createSecretScrubber(config);
 * scrub('failed with token SECRET-123'); // 'failed with token ***'
 */
export type SecretScrubber = (text: string) => string;

/**
 * Returns `url` without credentials, query string or fragment: `https://host:port/path`.
 * Unparseable input is returned as `'<invalid url>'`.
 *
 * @example
 * redactUrl('https://user:pw@example.com/mcp?key=abc#x'); // 'https://example.com/mcp'
 */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  } catch {
    return '<invalid url>';
  }
}

/**
 * Builds a scrubber for the secrets of one probe configuration, for ERROR TEXT and stderr
 * excerpts only (tool definitions are stored as the server sent them): every header value and env
 * value of at least {@link MIN_SECRET_LENGTH} characters, exactly (and the credentials of a
 * `<scheme> <credentials>` value), the URL's user name, password and query values; URLs found in
 * the text lose their userinfo, query and fragment; credentials after `Bearer` / `Basic` /
 * `Token` are masked whatever they are.
 *
 * @example
 * const scrub = createSecretScrubber({ transport: 'sse', url: 'https://x/sse', headers: { Authorization: 'Bearer SECRET-123' } });
 * scrub('401: Bearer SECRET-123 rejected'); // '401: Bearer *** rejected'
 */
export function createSecretScrubber(config: Partial<McpProbeConfig>): SecretScrubber {
  const secrets = new Set<string>();
  const addSecret = (value: string | undefined | null): void => {
    if (!value) return;
    // the exact value (also URL-decoded / -encoded); for `<scheme> <credentials>`, the credentials too
    const credentials = /^[A-Za-z][\w-]*\s+(\S+)$/.exec(value)?.[1];
    for (const exact of credentials ? [value, credentials] : [value]) {
      for (const variant of [exact, safeDecode(exact), encodeURIComponent(exact)]) {
        if (variant.length >= MIN_SECRET_LENGTH) secrets.add(variant);
      }
    }
  };

  for (const value of Object.values(config.headers ?? {})) addSecret(value);
  for (const value of Object.values(config.env ?? {})) addSecret(value);
  for (const index of config.secretArgs ?? []) addSecret(config.args?.[index]);
  if (config.url) {
    try {
      const parsed = new URL(config.url);
      addSecret(parsed.username);
      addSecret(parsed.password);
      for (const value of parsed.searchParams.values()) addSecret(value);
      if (parsed.search.length > 1) addSecret(parsed.search.slice(1));
    } catch {
      addSecret(config.url);
    }
  }
  // Longest first, so a secret containing another is masked whole.
  const ordered = [...secrets].sort((a, b) => b.length - a.length);

  return (text: string): string => {
    let out = text;
    for (const secret of ordered) out = out.split(secret).join(MASK);
    out = out.replace(URL_IN_TEXT, (match) => redactUrl(match));
    out = out.replace(AUTH_SCHEME_VALUE, (_match, scheme: string) => `${scheme} ${MASK}`);
    return out;
  };
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
