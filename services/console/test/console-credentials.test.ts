import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { accessFromConfig, sha256Hex } from '@dunning/service-runtime';
import { describe, expect, it } from 'vitest';
import { consoleCredentials } from '../../../scripts/console-credentials.ts';

describe("npm start's console credentials", () => {
  it('generates a key and an admin password once, keeps them, and lists the key for the services', () => {
    const dir = mkdtempSync(join(tmpdir(), 'console-credentials-'));
    const first = consoleCredentials({}, dir);
    const again = consoleCredentials({}, dir);
    expect(again.apiKey).toBe(first.apiKey);
    expect(again.adminPassword).toBe(first.adminPassword);
    expect(first).toMatchObject({ adminUser: 'admin', passwordGenerated: true });
    expect(first.adminPassword.length).toBeGreaterThanOrEqual(12);
    expect(statSync(join(dir, 'console-admin-password')).mode & 0o777).toBe(0o600);
    // The file the services read: the console's key with the admin scope, stored as a digest only.
    const access = accessFromConfig({ API_KEYS_FILE: first.apiKeysFile });
    expect(access.keys).toEqual([{ name: 'console', sha256: sha256Hex(first.apiKey), scopes: ['admin'] }]);
    expect(readFileSync(first.apiKeysFile, 'utf8')).not.toContain(first.apiKey);
  });

  it('keeps the keys of an API_KEYS_FILE the user named, and honours the variables set', () => {
    const dir = mkdtempSync(join(tmpdir(), 'console-credentials-'));
    const own = join(dir, 'own-keys.json');
    const erp = { name: 'erp-sap', sha256: sha256Hex('erp-key-0123456789'), scopes: ['erp:write'] };
    writeFileSync(own, JSON.stringify([erp]));
    const credentials = consoleCredentials(
      {
        API_KEYS_FILE: own,
        CONSOLE_API_KEY: 'console-key-0123456789',
        CONSOLE_ADMIN_USER: 'boss',
        CONSOLE_ADMIN_PASSWORD: 'chosen-password',
      },
      dir,
    );
    expect(credentials).toMatchObject({
      apiKey: 'console-key-0123456789',
      adminUser: 'boss',
      adminPassword: 'chosen-password',
      passwordGenerated: false,
    });
    expect(accessFromConfig({ API_KEYS_FILE: credentials.apiKeysFile }).keys.map((k) => k.name)).toEqual([
      'erp-sap',
      'console',
    ]);
  });
});
