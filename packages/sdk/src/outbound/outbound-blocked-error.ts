/**
 * `OutboundBlockedError`: the outbound policy refused a destination before any connection was
 * made. Its message names the host and the class of address, never a port state.
 *
 * @module
 */
import { brandedError } from '@agent-studio/db/exec';

const { ErrorBase, isBranded } = brandedError('@agent-studio/sdk/outbound-blocked');

/** Why a destination was refused: the class of its (resolved) address, or a metadata host name. */
export type BlockedAddressClass =
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'unique-local'
  | 'carrier-grade-nat'
  | 'unspecified'
  | 'multicast'
  | 'broadcast'
  | 'metadata'
  | 'reserved';

/**
 * A connection refused by the outbound policy. Thrown (as the `cause` of fetch's `TypeError`) at
 * connect time, for the address a host name resolved to, so DNS rebinding and redirects cannot
 * get around the policy. The message is the same whether the port would have been open or
 * closed: no connection is attempted.
 *
 * @example
 * throw new OutboundBlockedError('169.254.169.254', 'metadata');
 */
export class OutboundBlockedError extends ErrorBase {
  readonly code = 'OUTBOUND_BLOCKED' as const;
  constructor(
    /** The host as given (name or address). */
    readonly host: string,
    /** The class of address that made the policy refuse it. */
    readonly reason: BlockedAddressClass,
  ) {
    super(`outbound connection to ${host} refused by the outbound policy (${reason} address; allow it with OUTBOUND_ALLOW)`);
  }
}

/**
 * Finds an {@link OutboundBlockedError}'s message inside another error's text (for wrappers that
 * keep only the text, like the MCP SDK's SSE transport).
 *
 * @example
 * OUTBOUND_BLOCKED_IN_TEXT.exec(`SSE error: ${new OutboundBlockedError('vm', 'loopback').message}`)?.[0];
 */
export const OUTBOUND_BLOCKED_IN_TEXT = /outbound connection to \S+ refused by the outbound policy \([^)]*\)/;

/**
 * True for an {@link OutboundBlockedError} itself (fetch wraps it in `TypeError: fetch failed`:
 * use {@link findOutboundBlockedError} for that).
 *
 * @example
 * try { await outboundFetch(url); } catch (e) { if (isOutboundBlockedError(e)) console.log('blocked'); }
 */
export function isOutboundBlockedError(value: unknown): value is OutboundBlockedError {
  return isBranded(value);
}

/**
 * The {@link OutboundBlockedError} in an error's `cause` chain, if any.
 *
 * @example
 * const blocked = findOutboundBlockedError(fetchError); // OutboundBlockedError | undefined
 */
export function findOutboundBlockedError(error: unknown): OutboundBlockedError | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current; depth += 1) {
    if (isOutboundBlockedError(current)) return current;
    current = current instanceof Error || typeof current === 'object' ? (current as { cause?: unknown }).cause : undefined;
  }
  return undefined;
}
