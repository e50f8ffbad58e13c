/**
 * An agent's `model` string, `"<provider>/<model id>"`: how it splits. The model id may itself
 * contain `/` (`"openrouter/meta-llama/llama-3.1-8b"` is provider `openrouter`, model
 * `meta-llama/llama-3.1-8b`); the provider name never does.
 *
 * @module
 */
import { PROVIDER_NAME_PATTERN } from './model-providers-schemas.js';

/** A split model reference. */
export interface ModelRef {
  /** Name of the model provider. */
  readonly provider: string;
  /** The model id sent to the provider (`model` in the Chat Completions request). */
  readonly model: string;
}

/**
 * Splits `"<provider>/<model id>"` at the first `/`; `null` when there is no provider prefix
 * (a plain model id, accepted on agents for compatibility but not runnable).
 *
 * @example
 * parseModelRef('local/qwen2.5'); // { provider: 'local', model: 'qwen2.5' }
 * parseModelRef('gpt-4o-mini');   // null
 */
export function parseModelRef(value: string): ModelRef | null {
  const slash = value.indexOf('/');
  if (slash <= 0 || slash === value.length - 1) return null;
  const provider = value.slice(0, slash);
  const model = value.slice(slash + 1).trim();
  if (!PROVIDER_NAME_PATTERN.test(provider) || model === '') return null;
  return { provider, model };
}
