import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type ApiKeyEntry, sha256Hex } from '@dunning/service-runtime';

/** A secret kept under var/ (readable by this user only), the same across restarts. */
function keptSecret(file: string): string {
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = randomBytes(24).toString('base64url');
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

export interface ConsoleCredentials {
  /** The console's own API key for the four services. */
  apiKey: string;
  /** The file the services read as API_KEYS_FILE: the user's entries, if any, and the console's key. */
  apiKeysFile: string;
  adminUser: string;
  adminPassword: string;
  /** Whether the admin password was generated (then it is printed at start). */
  passwordGenerated: boolean;
}

/**
 * The console meets the services with a key of its own (name `console`). It holds the `admin` scope:
 * it works several collectors' queues, and the services let only admin act for a collector other than
 * the key's own; the console itself limits each user to their role and portfolio.
 */
export function consoleCredentials(env: NodeJS.ProcessEnv, varDir = 'var'): ConsoleCredentials {
  const apiKey = env.CONSOLE_API_KEY ?? keptSecret(join(varDir, 'console-api-key'));
  const entries: ApiKeyEntry[] = env.API_KEYS_FILE ? JSON.parse(readFileSync(env.API_KEYS_FILE, 'utf8')) : [];
  const apiKeysFile = join(varDir, 'api-keys.json');
  mkdirSync(varDir, { recursive: true });
  writeFileSync(
    apiKeysFile,
    `${JSON.stringify([...entries.filter((e) => e.name !== 'console'), { name: 'console', sha256: sha256Hex(apiKey), scopes: ['admin'] }], null, 2)}\n`,
    { mode: 0o600 },
  );
  const passwordGenerated = !env.CONSOLE_ADMIN_PASSWORD;
  return {
    apiKey,
    apiKeysFile,
    adminUser: env.CONSOLE_ADMIN_USER ?? 'admin',
    adminPassword: env.CONSOLE_ADMIN_PASSWORD ?? keptSecret(join(varDir, 'console-admin-password')),
    passwordGenerated,
  };
}
