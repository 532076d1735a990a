import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * The admin key the services start with: ADMIN_API_KEY when set; otherwise one generated on the
 * first start and kept (readable by this user only) under var/, so it stays the same across restarts.
 */
export function adminApiKey(
  env: NodeJS.ProcessEnv,
  file = 'var/admin-api-key',
): { key: string; generated: boolean } {
  if (env.ADMIN_API_KEY) return { key: env.ADMIN_API_KEY, generated: false };
  if (existsSync(file)) return { key: readFileSync(file, 'utf8').trim(), generated: true };
  const key = randomBytes(24).toString('base64url');
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  return { key, generated: true };
}
