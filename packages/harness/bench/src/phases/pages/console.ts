// The console as a child process beside the platform, signed in through its own forms.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { consoleApp, repositoryRoot } from '@dunning/platform-manifest';
import { freePort } from '@dunning/testing/free-port';
import { dropSchemas } from '@dunning/testing/isolation';
import { stopProcess } from '@dunning/testing/stop-process';
import { trackChild } from '../../platform/closers.ts';
import { type BenchPlatform, benchAdminKey } from '../../platform/platform.ts';

export interface BenchConsole {
  url: string;
  pid: number;
  adminPassword: string;
  close(): Promise<void>;
}

export async function startBenchConsole(
  platform: BenchPlatform,
  databaseUrl: string,
  logDir: string,
): Promise<BenchConsole> {
  const port = await freePort();
  const schema = `${platform.name}_console`;
  const adminPassword = randomBytes(18).toString('base64url');
  const child = spawn(process.execPath, [consoleApp.main], {
    cwd: repositoryRoot,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      DB_SCHEMA: schema,
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'warn',
      CONSOLE_API_KEY: benchAdminKey,
      CONSOLE_ADMIN_USER: 'benchadmin',
      CONSOLE_ADMIN_PASSWORD: adminPassword,
      CONSOLE_COOKIE_SECURE: 'false',
      CONSOLE_LOGIN_ATTEMPTS_PER_MINUTE: '1000',
      INVOICES_URL: platform.url('invoices'),
      CREDIT_RISK_URL: platform.url('credit-risk'),
      DUNNING_URL: platform.url('dunning'),
      NOTIFICATIONS_URL: platform.url('notifications'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  trackChild(child);
  const log = createWriteStream(`${logDir}/${platform.name}-console.log`);
  child.stdout!.pipe(log, { end: false });
  child.stderr!.pipe(log, { end: false });
  const url = `http://127.0.0.1:${port}`;
  const close = async () => {
    await stopProcess(child, { killAfterMs: 30_000 });
    log.end();
    await dropSchemas(databaseUrl, [schema]);
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    const ready = await fetch(`${url}/health/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) break;
    if (child.exitCode !== null || Date.now() > deadline) {
      await close();
      throw new Error(`the console did not become ready (see ${logDir}/${platform.name}-console.log)`);
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  return { url, pid: child.pid!, adminPassword, close };
}

/** A `Cookie` header from the Set-Cookie lines of a response, on top of the previous one. */
function cookies(response: Response, previous = ''): string {
  const jar = new Map(
    previous
      .split('; ')
      .filter(Boolean)
      .map((pair) => [pair.split('=')[0], pair] as const),
  );
  for (const line of response.headers.getSetCookie()) {
    const pair = line.split(';')[0] ?? '';
    jar.set(pair.split('=')[0], pair);
  }
  return [...jar.values()].join('; ');
}

const csrfOf = (html: string) => {
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!token) throw new Error('no CSRF token on the page');
  return token;
};

async function postForm(url: string, cookie: string, form: Record<string, string>): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
}

/** Signs in through the form; returns the session's Cookie header. */
export async function signIn(base: string, username: string, password: string): Promise<string> {
  const form = await fetch(`${base}/login`);
  const cookie = cookies(form);
  const response = await postForm(`${base}/login`, cookie, {
    _csrf: csrfOf(await form.text()),
    username,
    password,
  });
  if (response.status !== 303) throw new Error(`signing in as ${username} answered ${response.status}`);
  return cookies(response, cookie);
}

/** Adds a collector through the admin's user form (the console hashes the password). */
export async function addCollector(
  base: string,
  adminCookie: string,
  user: { username: string; password: string; collectorId: string },
): Promise<void> {
  const page = await fetch(`${base}/admin/users`, { headers: { cookie: adminCookie } });
  const response = await postForm(`${base}/admin/users`, adminCookie, {
    _csrf: csrfOf(await page.text()),
    username: user.username,
    password: user.password,
    role: 'collector',
    collectorId: user.collectorId,
    locale: 'en',
  });
  if (response.status >= 400) throw new Error(`adding ${user.username} answered ${response.status}`);
}
