/**
 * Key rotation: re-encrypt every stored secret under the engine's current key. Run with the new
 * key as `AGENT_STUDIO_SECRET_KEY` and the previous ones in `AGENT_STUDIO_SECRET_KEYS_OLD`
 * (`studio secrets rotate`); afterwards the old keys can be dropped.
 *
 * @module
 */
import type { Engine } from '../engine/engine.js';
import { isSecretDecryptionError } from '../errors/secret-decryption-error.js';
import { allModels } from '../models/all-models.js';
import { tableMeta } from '../models/table-meta.js';

/**
 * What rotation did to one encrypted column.
 *
 * @example
 * const line: SecretRotation = { table: 'mcp_servers', column: 'headers_encrypted', rotated: 3, current: 1, unreadable: 0 };
 */
export interface SecretRotation {
  readonly table: string;
  readonly column: string;
  /** Values re-encrypted under the current key. */
  readonly rotated: number;
  /** Values already under the current key (or empty). */
  readonly current: number;
  /** Values no configured key opens (left as they are; their rows report `secretError`). */
  readonly unreadable: number;
}

/**
 * Re-encrypts every secret not yet under the engine's current key, table by table, each in one
 * transaction (a row changed meanwhile is left for the next run: compare-and-set on the old
 * ciphertext). Idempotent; a value no key opens is counted, not fatal.
 *
 * @example
 * const report = await rotateSecrets(engine);
 * // [{ table: 'mcp_servers', column: 'headers_encrypted', rotated: 3, current: 0, unreadable: 0 }, ...]
 */
export async function rotateSecrets(engine: Engine): Promise<SecretRotation[]> {
  const report: SecretRotation[] = [];
  for (const model of allModels) {
    const meta = tableMeta(model);
    if (meta.encrypted.length === 0) continue;
    const connection = await engine.acquire();
    let broken = false;
    try {
      await connection.query('BEGIN');
      for (const col of meta.encrypted) {
        let rotated = 0;
        let current = 0;
        let unreadable = 0;
        const rows = await connection.query<{ id: string; value: string | null }>(
          `SELECT ${meta.primaryKey.quoted} AS id, ${col.quoted} AS value FROM ${meta.quotedTable} WHERE ${col.quoted} IS NOT NULL FOR UPDATE`,
        );
        for (const { id, value } of rows.rows) {
          if (engine.cipher.isCurrent(value)) {
            current += 1;
            continue;
          }
          let plain: Record<string, string>;
          try {
            plain = engine.cipher.decrypt(value);
          } catch (e) {
            if (!isSecretDecryptionError(e)) throw e;
            unreadable += 1;
            continue;
          }
          await connection.query(
            `UPDATE ${meta.quotedTable} SET ${col.quoted} = $1 WHERE ${meta.primaryKey.quoted} = $2 AND ${col.quoted} = $3`,
            [engine.cipher.encrypt(plain), id, value],
          );
          rotated += 1;
        }
        report.push({ table: meta.table, column: col.column, rotated, current, unreadable });
      }
      await connection.query('COMMIT');
    } catch (e) {
      broken = true;
      await connection.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      engine.release(connection, broken);
    }
  }
  return report;
}
