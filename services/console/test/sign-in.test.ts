import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../src/http/security-headers.ts';
import { ADMIN_PASSWORD, cookiesOf, csrfOf, startConsole } from './console-under-test.ts';

let console_: Awaited<ReturnType<typeof startConsole>>;
let app: FastifyInstance;
beforeAll(async () => {
  console_ = await startConsole({ CONSOLE_LOGIN_ATTEMPTS_PER_MINUTE: '6' });
  app = console_.app;
});
afterAll(() => console_?.close());

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

async function signIn(username: string, password: string, remoteAddress = '10.0.0.1') {
  const page = await app.inject({ method: 'GET', url: '/login', remoteAddress });
  const cookies = cookiesOf(page.headers['set-cookie']);
  const response = await app.inject({
    method: 'POST',
    url: '/login',
    remoteAddress,
    headers: { cookie: cookies, 'content-type': 'application/x-www-form-urlencoded' },
    payload: form({ _csrf: csrfOf(page.body), username, password }),
  });
  return { response, cookies: cookiesOf(response.headers['set-cookie'], cookies) };
}

describe('signing in', () => {
  it('serves the sign-in form with a user name, a password and a submit button, under a strict CSP', async () => {
    const page = await app.inject({ method: 'GET', url: '/login' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/<input id="username" name="username"/);
    expect(page.body).toMatch(/<input id="password" name="password" type="password"/);
    expect(page.body).toMatch(/<button type="submit">/);
    expect(page.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-inline');
    expect(page.body).not.toMatch(/<script(?![^>]*src=)/);
  });

  it('signs the first admin in with an HTTP-only session cookie and shows the start page', async () => {
    const { response, cookies } = await signIn('root', ADMIN_PASSWORD);
    expect(response.statusCode).toBe(303);
    const session = [response.headers['set-cookie']].flat().find((c) => c?.startsWith('console_session='));
    expect(session).toMatch(/HttpOnly/);
    expect(session).toMatch(/SameSite=Strict/);
    const users = await app.inject({ method: 'GET', url: '/admin/users', headers: { cookie: cookies } });
    expect(users.statusCode).toBe(200);
    expect(users.body).toContain('root');
  });

  it('refuses a wrong password and an unknown user alike', async () => {
    expect((await signIn('root', 'wrong-password-123', '10.0.0.2')).response.statusCode).toBe(401);
    expect((await signIn('nobody', 'wrong-password-123', '10.0.0.2')).response.statusCode).toBe(401);
  });

  it('sends a signed-out browser to the sign-in form', async () => {
    const page = await app.inject({ method: 'GET', url: '/worklist' });
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toBe('/login');
  });

  it('rate-limits sign-in attempts per address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 8; i += 1)
      statuses.push((await signIn('root', 'wrong-password-123', '10.0.0.3')).response.statusCode);
    expect(statuses.slice(0, 6)).toEqual([401, 401, 401, 401, 401, 401]);
    expect(statuses.slice(6)).toEqual([429, 429]);
    // Another address is not held back.
    expect((await signIn('root', ADMIN_PASSWORD, '10.0.0.4')).response.statusCode).toBe(303);
  });

  it('refuses a form posted without its CSRF token, or with another session’s', async () => {
    const { cookies } = await signIn('root', ADMIN_PASSWORD, '10.0.0.5');
    const other = await signIn('root', ADMIN_PASSWORD, '10.0.0.6');
    const otherToken = csrfOf(
      (await app.inject({ method: 'GET', url: '/admin/users', headers: { cookie: other.cookies } })).body,
    );
    for (const payload of [
      form({ username: 'x1', password: 'long-enough-password', role: 'ops' }),
      form({ _csrf: otherToken, username: 'x2', password: 'long-enough-password', role: 'ops' }),
    ]) {
      const response = await app.inject({
        method: 'POST',
        url: '/admin/users',
        headers: { cookie: cookies, 'content-type': 'application/x-www-form-urlencoded' },
        payload,
      });
      expect(response.statusCode).toBe(403);
    }
    // And the sign-in form itself needs its token.
    const bare = await app.inject({
      method: 'POST',
      url: '/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: form({ username: 'root', password: ADMIN_PASSWORD }),
    });
    expect(bare.statusCode).toBe(403);
  });

  it('lets an admin add a collector, who signs in in their language and may not open admin pages', async () => {
    const { cookies } = await signIn('root', ADMIN_PASSWORD, '10.0.0.7');
    const page = await app.inject({ method: 'GET', url: '/admin/users', headers: { cookie: cookies } });
    const added = await app.inject({
      method: 'POST',
      url: '/admin/users',
      headers: { cookie: cookies, 'content-type': 'application/x-www-form-urlencoded' },
      payload: form({
        _csrf: csrfOf(page.body),
        username: 'li.na',
        password: 'collector-password',
        role: 'collector',
        collectorId: 'col-7',
        locale: 'zh-CN',
      }),
    });
    expect(added.statusCode).toBe(201);
    const again = await app.inject({
      method: 'POST',
      url: '/admin/users',
      headers: { cookie: cookies, 'content-type': 'application/x-www-form-urlencoded' },
      payload: form({
        _csrf: csrfOf(page.body),
        username: 'li.na',
        password: 'collector-password',
        role: 'collector',
        collectorId: 'col-7',
      }),
    });
    expect(again.statusCode).toBe(409);
    const noCollectorId = await app.inject({
      method: 'POST',
      url: '/admin/users',
      headers: { cookie: cookies, 'content-type': 'application/x-www-form-urlencoded' },
      payload: form({
        _csrf: csrfOf(page.body),
        username: 'wang',
        password: 'collector-password',
        role: 'collector',
      }),
    });
    expect(noCollectorId.statusCode).toBe(400);

    const collector = await signIn('li.na', 'collector-password', '10.0.0.8');
    expect(collector.response.statusCode).toBe(303);
    const admin = await app.inject({
      method: 'GET',
      url: '/admin/users',
      headers: { cookie: collector.cookies },
    });
    expect(admin.statusCode).toBe(403);
    expect(admin.body).toContain('<html lang="zh-CN">');
    expect(admin.body).toContain('您无权打开此页面');
    const ops = await app.inject({
      method: 'GET',
      url: '/ops/platform',
      headers: { cookie: collector.cookies },
    });
    expect(ops.statusCode).toBe(403);
  });

  it('ends the session on sign-out', async () => {
    const { cookies } = await signIn('root', ADMIN_PASSWORD, '10.0.0.9');
    const page = await app.inject({ method: 'GET', url: '/admin/users', headers: { cookie: cookies } });
    const out = await app.inject({
      method: 'POST',
      url: '/logout',
      headers: { cookie: cookies, 'content-type': 'application/x-www-form-urlencoded' },
      payload: form({ _csrf: csrfOf(page.body) }),
    });
    expect(out.statusCode).toBe(303);
    const after = await app.inject({ method: 'GET', url: '/admin/users', headers: { cookie: cookies } });
    expect(after.statusCode).toBe(303);
  });

  it('serves htmx from its own origin at the pinned version, and answers its health probes', async () => {
    const htmx = await app.inject({ method: 'GET', url: '/static/htmx.min.js' });
    expect(htmx.statusCode).toBe(200);
    expect(htmx.headers['content-type']).toMatch(/javascript/);
    expect(htmx.body).toContain('2.0.11');
    expect((await app.inject({ method: 'GET', url: '/health/live' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/health/ready' })).json()).toMatchObject({
      status: 'ok',
    });
  });
});
