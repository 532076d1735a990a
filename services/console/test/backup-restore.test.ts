import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repositoryRoot } from '@dunning/platform-manifest';
import { dropSchemas, testInfra, uniqueName } from '@dunning/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { SERVICE_SCHEMAS } from '../../../scripts/pg-tools.ts';
import { ADMIN_PASSWORD, cookiesOf, csrfOf, startConsole } from './console-under-test.ts';

function run(script: string, args: string[], env: Record<string, string>) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      [script, ...args],
      { cwd: repositoryRoot, env: { ...process.env, ...env }, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

type Console = Awaited<ReturnType<typeof startConsole>>;

async function signIn(app: Console['app'], username: string, password: string) {
  const page = await app.inject({ method: 'GET', url: '/login' });
  const cookies = cookiesOf(page.headers['set-cookie']);
  const response = await app.inject({
    method: 'POST',
    url: '/login',
    headers: { cookie: cookies, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: csrfOf(page.body), username, password }).toString(),
  });
  return { status: response.statusCode, cookies: cookiesOf(response.headers['set-cookie'], cookies) };
}

describe('backup and restore of the console’s users', () => {
  const infra = testInfra();
  const schema = uniqueName('console');
  const dir = mkdtempSync(join(tmpdir(), 'console-backup-'));
  let running: Console | undefined;
  afterAll(async () => {
    await running?.stop();
    await dropSchemas(infra.databaseUrl, [schema]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('backs up the console schema by default, with the services’ schemas', () => {
    expect(SERVICE_SCHEMAS).toEqual(['invoices', 'credit_risk', 'dunning', 'notifications', 'console']);
  });

  it('restores a user added in the console, who signs in again afterwards', async () => {
    running = await startConsole({ DB_SCHEMA: schema });
    const admin = await signIn(running.app, 'root', ADMIN_PASSWORD);
    const users = await running.app.inject({
      method: 'GET',
      url: '/admin/users',
      headers: { cookie: admin.cookies },
    });
    const added = await running.app.inject({
      method: 'POST',
      url: '/admin/users',
      headers: { cookie: admin.cookies, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        _csrf: csrfOf(users.body),
        username: 'li.na',
        password: 'collector-password-9',
        role: 'collector',
        collectorId: 'col-9',
        locale: 'zh-CN',
      }).toString(),
    });
    expect(added.statusCode).toBeLessThan(400);
    expect((await signIn(running.app, 'li.na', 'collector-password-9')).status).toBe(303);

    const file = join(dir, 'console.dump');
    const env = { DATABASE_URL: infra.databaseUrl };
    const backup = await run('scripts/backup.ts', ['--schemas', schema, '--file', file], env);
    expect(backup.code, backup.stderr).toBe(0);
    await running.stop();
    running = undefined;
    await dropSchemas(infra.databaseUrl, [schema]);
    const restore = await run('scripts/restore.ts', ['--file', file], env);
    expect(restore.code, restore.stderr).toBe(0);

    running = await startConsole({ DB_SCHEMA: schema });
    const again = await signIn(running.app, 'li.na', 'collector-password-9');
    expect(again.status).toBe(303);
    // Their language came back with them: a page they may not open speaks it (and calls no service).
    const page = await running.app.inject({
      method: 'GET',
      url: '/admin/users',
      headers: { cookie: again.cookies },
    });
    expect(page.statusCode).toBe(403);
    expect(page.body).toContain('lang="zh-CN"');
  });
});
