/**
 * Reading a resource from a JSON or YAML file.
 *
 * @module
 */
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { CliError } from '../lib/cli-error.js';

/**
 * Reads `path` as JSON (`.json`) or YAML (anything else; YAML is a superset of JSON) and returns
 * the object in it. A missing file, a syntax error or a non-object is a one-line error naming the
 * file.
 *
 * @example
 * const raw = await readInputFile('agents/support.yaml'); // { name: 'support', model: 'gpt-4o-mini' }
 */
export async function readInputFile(path: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new CliError(`${path}: cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  let value: unknown;
  try {
    value = extname(path).toLowerCase() === '.json' ? JSON.parse(text) : parseYaml(text);
  } catch (e) {
    throw new CliError(`${path}: not valid ${extname(path).toLowerCase() === '.json' ? 'JSON' : 'YAML'}: ${(e as Error).message}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new CliError(`${path}: must hold one object`);
  return value as Record<string, unknown>;
}
