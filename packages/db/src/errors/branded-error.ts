/**
 * The one pattern of every package's typed errors: a base class branded with `Symbol.for(key)`,
 * and guards that check the brand (and a stable `code`), not `instanceof`, so they hold across the
 * ESM and CJS builds and across duplicated installs.
 * @module
 */

/** What {@link brandedError} makes. */
export interface BrandedError {
  /** The base class: its instances carry the brand and are named after their class. */
  readonly ErrorBase: new (message: string, options?: ErrorOptions) => Error;
  readonly isBranded: (value: unknown) => value is Error;
  /** The guard of the subclass whose `code` is `code`. */
  readonly guardFor: <T extends Error & { readonly code: string }>(code: T['code']) => (value: unknown) => value is T;
}

/**
 * A branded error base for `key` (the same key is the same brand in every copy of a package).
 *
 * @example
 * const { ErrorBase, isBranded } = brandedError('@agent-studio/sdk/error');
 * export abstract class SdkError extends ErrorBase { abstract readonly code: SdkErrorCode; }
 * export const isSdkError = (value: unknown): value is SdkError => isBranded(value);
 */
export function brandedError(key: string): BrandedError {
  const brand = Symbol.for(key);
  class ErrorBase extends Error {
    constructor(message: string, options?: ErrorOptions) {
      super(message, options);
      this.name = new.target.name;
    }
  }
  Object.defineProperty(ErrorBase.prototype, brand, { value: true });
  const isBranded = (value: unknown): value is Error => value instanceof Error && (value as unknown as Record<symbol, unknown>)[brand] === true;
  const guardFor = <T extends Error & { readonly code: string }>(code: T['code']) => (value: unknown): value is T => isBranded(value) && (value as Partial<T>).code === code;
  return { ErrorBase, isBranded, guardFor };
}
