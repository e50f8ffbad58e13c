/**
 * The doctor's secret-key checks: where the key comes from, and whether it opens what is stored.
 *
 * @module
 */
import { existsSync } from 'node:fs';
import type { DbConfig } from '@agent-studio/db/engine';
import type { DoctorContext, DoctorResult } from './doctor-check.js';
import { queryRows } from './query-rows.js';

/**
 * Where the secrets key comes from, read before the engine opens (which creates a missing key
 * file): `AGENT_STUDIO_SECRET_KEY`, the key file, or neither (a new key file will be made, and
 * secrets stored under another key can no longer be read).
 *
 * @example
 * secretKeySource(loadDbConfig(process.env)); // { check: 'secret key', status: 'ok', message: 'from AGENT_STUDIO_SECRET_KEY' }
 */
export function secretKeySource(config: DbConfig): DoctorResult {
  if (config.secretKey) return { check: 'secret key', status: 'ok', message: 'configured (AGENT_STUDIO_SECRET_KEY or AGENT_STUDIO_SECRET_KEY_FILE)' };
  if (!config.secretKeyFile) return { check: 'secret key', status: 'fail', message: 'none: set AGENT_STUDIO_SECRET_KEY (openssl rand -base64 32)' };
  if (existsSync(config.secretKeyFile)) return { check: 'secret key', status: 'ok', message: `from the key file ${config.secretKeyFile}` };
  return {
    check: 'secret key',
    status: 'warn',
    message: `none yet: a new key file is created at ${config.secretKeyFile} (set AGENT_STUDIO_SECRET_KEY to share one key between machines)`,
  };
}

/**
 * Decrypts every stored MCP server header and environment map with the engine's key; names the
 * servers whose secrets it cannot open (wrong key), never a value.
 *
 * @example
 * await storedSecretsReadable({ engine, migrated: true }); // { check: 'stored secrets', status: 'fail', message: '1 of 3 ... docs' }
 */
export async function storedSecretsReadable({ engine, migrated }: DoctorContext): Promise<DoctorResult> {
  const check = 'stored secrets';
  if (!migrated) return { check, status: 'warn', message: 'not checked: the database is not migrated' };
  const rows = await queryRows<{ name: string; headers_encrypted: string | null; env_encrypted: string | null }>(
    engine,
    'SELECT name, headers_encrypted, env_encrypted FROM mcp_servers WHERE headers_encrypted IS NOT NULL OR env_encrypted IS NOT NULL ORDER BY name',
  );
  const unreadable = rows.filter((row) => {
    try {
      engine.cipher.decrypt(row.headers_encrypted);
      engine.cipher.decrypt(row.env_encrypted);
      return false;
    } catch {
      return true;
    }
  });
  if (!rows.length) return { check, status: 'ok', message: 'no MCP server stores secrets' };
  if (!unreadable.length) return { check, status: 'ok', message: `the key decrypts the secrets of all ${rows.length} MCP server(s) that have some` };
  return {
    check,
    status: 'fail',
    message:
      `the key cannot decrypt the secrets of ${unreadable.length} of ${rows.length} MCP server(s): ` +
      `${unreadable.map((r) => r.name).join(', ')} (wrong AGENT_STUDIO_SECRET_KEY or key file?)`,
  };
}
