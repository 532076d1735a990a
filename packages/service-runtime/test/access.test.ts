import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  accessFromConfig,
  actorOf,
  assertActsAs,
  createHttpApp,
  createLogger,
  type FastifyPluginAsyncZod,
  type HttpApp,
  httpSecurityFromConfig,
  sha256Hex,
} from '../src/index.ts';

const keys = {
  admin: 'admin-key-0123456789abcdef',
  ops: 'ops-key-0123456789abcdef',
  erp: 'erp-key-0123456789abcdef',
  collector: 'col-1-key-0123456789abcdef',
};
const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

function keysFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'access-'));
  const file = join(dir, 'keys.json');
  writeFileSync(
    file,
    JSON.stringify([
      { name: 'ops-dashboard', sha256: sha256Hex(keys.ops), scopes: ['ops:read'] },
      { name: 'erp-sap', sha256: sha256Hex(keys.erp), scopes: ['erp:write'] },
      { name: 'collector-1', sha256: sha256Hex(keys.collector), scopes: ['collector'], collectorId: 'col-1' },
    ]),
  );
  return file;
}

const routes: FastifyPluginAsyncZod = async (app) => {
  app.get('/v1/undeclared', async () => ({ ok: true }));
  app.get('/v1/report', { config: { access: 'ops:read' } }, async () => ({ ok: true }));
  app.post('/v1/facts', { config: { access: 'erp:write' } }, async () => ({ ok: true }));
  app.post('/v1/actions', { config: { access: 'collector' } }, async (request) => ({
    actor: actorOf(request),
  }));
  app.get(
    '/v1/collectors/:collectorId/queue',
    { config: { access: 'collector' }, schema: { params: z.object({ collectorId: z.string() }) } },
    async (request) => {
      assertActsAs(request, request.params.collectorId);
      return { collectorId: request.params.collectorId, caller: request.principal?.name };
    },
  );
};

let app: HttpApp | undefined;
let logs: string[] = [];
afterEach(async () => {
  await app?.close();
  app = undefined;
});

function build(env: { RATE_LIMIT_PER_MINUTE?: number; CORS_ORIGINS?: string[] } = {}): HttpApp {
  logs = [];
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      logs.push(chunk.toString());
      callback();
    },
  });
  app = createHttpApp({
    name: 'access-test',
    version: '0',
    logger: createLogger({ name: 'access-test', level: 'info', destination }),
    readinessChecks: [],
    security: httpSecurityFromConfig({
      ADMIN_API_KEY: keys.admin,
      API_KEYS_FILE: keysFile(),
      RATE_LIMIT_PER_MINUTE: env.RATE_LIMIT_PER_MINUTE ?? 1_000,
      CORS_ORIGINS: env.CORS_ORIGINS ?? [],
    }),
    routes,
  });
  return app;
}

describe('access control', () => {
  it('lets anyone reach the health probes, and nothing else', async () => {
    const a = build();
    expect((await a.inject({ method: 'GET', url: '/health/live' })).statusCode).toBe(200);
    expect((await a.inject({ method: 'GET', url: '/health/ready' })).statusCode).toBe(200);
    for (const url of ['/v1/undeclared', '/v1/report', '/metrics', '/docs/json', '/docs']) {
      const response = await a.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(401);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.headers['www-authenticate']).toBe('Bearer');
      expect(response.json()).toMatchObject({ status: 401, detail: 'this route needs credentials' });
    }
  });

  it('refuses unknown and malformed credentials with 401', async () => {
    const a = build();
    for (const authorization of [
      'Bearer not-a-key',
      `Basic ${keys.admin}`,
      'Bearer',
      `Bearer ${keys.admin} x`,
    ]) {
      const response = await a.inject({ method: 'GET', url: '/v1/report', headers: { authorization } });
      expect(response.statusCode, authorization).toBe(401);
    }
  });

  it('answers 404, not 401, for paths that do not exist', async () => {
    const a = build();
    expect((await a.inject({ method: 'GET', url: '/v1/nothing-here' })).statusCode).toBe(404);
  });

  it('routes that declare nothing need admin', async () => {
    const a = build();
    for (const key of [keys.ops, keys.erp, keys.collector]) {
      const response = await a.inject({ method: 'GET', url: '/v1/undeclared', headers: bearer(key) });
      expect(response.statusCode).toBe(403);
      expect(response.json()).toMatchObject({ required: 'admin' });
    }
    const ok = await a.inject({ method: 'GET', url: '/v1/undeclared', headers: bearer(keys.admin) });
    expect(ok.statusCode).toBe(200);
  });

  it('grants each scope its own routes only; admin may do everything', async () => {
    const a = build();
    const cases: [string, string, string, number][] = [
      ['GET', '/v1/report', keys.ops, 200],
      ['GET', '/v1/report', keys.erp, 403],
      ['GET', '/v1/report', keys.collector, 403],
      ['GET', '/v1/report', keys.admin, 200],
      ['POST', '/v1/facts', keys.erp, 200],
      ['POST', '/v1/facts', keys.ops, 403],
      ['POST', '/v1/facts', keys.admin, 200],
      ['GET', '/metrics', keys.ops, 200],
      ['GET', '/metrics', keys.erp, 403],
      ['GET', '/docs/json', keys.ops, 200],
      ['GET', '/docs/json', keys.collector, 403],
    ];
    for (const [method, url, key, status] of cases) {
      const response = await a.inject({ method: method as 'GET', url, headers: bearer(key) });
      expect(response.statusCode, `${method} ${url}`).toBe(status);
    }
  });

  it('lets a collector key act only as its own collector', async () => {
    const a = build();
    const own = await a.inject({
      method: 'GET',
      url: '/v1/collectors/col-1/queue',
      headers: bearer(keys.collector),
    });
    expect(own.json()).toEqual({ collectorId: 'col-1', caller: 'collector-1' });
    const other = await a.inject({
      method: 'GET',
      url: '/v1/collectors/col-2/queue',
      headers: bearer(keys.collector),
    });
    expect(other.statusCode).toBe(403);
    expect(other.json().detail).toBe('this key acts as collector col-1, not col-2');
    const asAdmin = await a.inject({
      method: 'GET',
      url: '/v1/collectors/col-2/queue',
      headers: bearer(keys.admin),
    });
    expect(asAdmin.statusCode).toBe(200);
  });

  it("attributes an admin key's action to X-Acting-User, ignores it from other keys, refuses a malformed one", async () => {
    const a = build();
    const act = (key: string, user?: string) =>
      a.inject({
        method: 'POST',
        url: '/v1/actions',
        headers: { ...bearer(key), ...(user === undefined ? {} : { 'x-acting-user': user }) },
      });
    expect((await act(keys.admin, 'li.na')).json()).toEqual({ actor: 'admin:li.na' });
    expect((await act(keys.admin)).json()).toEqual({ actor: 'admin' });
    expect((await act(keys.collector, 'li.na')).json()).toEqual({ actor: 'collector-1' });
    expect((await act(keys.collector, 'Not Valid!')).json()).toEqual({ actor: 'collector-1' });
    for (const bad of ['', 'Li Na', 'a'.repeat(65), 'x:y', 'bell\u0007']) {
      const response = await act(keys.admin, bad);
      expect(response.statusCode, bad).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
    }
  });

  it('documents the scope each operation needs in OpenAPI', async () => {
    const a = build();
    const docs = (await a.inject({ method: 'GET', url: '/docs/json', headers: bearer(keys.ops) })).json();
    expect(docs.components.securitySchemes.apiKey).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(docs.paths['/v1/report'].get.security).toEqual([{ apiKey: ['ops:read'] }]);
    expect(docs.paths['/v1/facts'].post.security).toEqual([{ apiKey: ['erp:write'] }]);
    expect(docs.paths['/v1/undeclared'].get.security).toEqual([{ apiKey: ['admin'] }]);
    expect(docs.paths['/health/live'].get.security).toEqual([]);
  });

  it('never logs the key', async () => {
    const a = build();
    await a.inject({ method: 'GET', url: '/v1/report', headers: bearer(keys.ops) });
    await a.inject({ method: 'GET', url: '/v1/report', headers: bearer('wrong-key-0123456789') });
    expect(logs.length).toBeGreaterThan(0);
    expect(logs.join('\n')).not.toContain(keys.ops);
    expect(logs.join('\n')).not.toContain('wrong-key-0123456789');
  });

  it('holds keys hashed: the file holds digests, a bad file is refused with the reason', () => {
    const dir = mkdtempSync(join(tmpdir(), 'access-'));
    const file = join(dir, 'keys.json');
    writeFileSync(file, JSON.stringify([{ name: 'x', sha256: 'plain-text-key', scopes: ['root'] }]));
    expect(() => accessFromConfig({ API_KEYS_FILE: file })).toThrow(/sha256[\s\S]*scopes/);
    expect(accessFromConfig({ ADMIN_API_KEY: keys.admin }).keys).toEqual([
      { name: 'admin', sha256: sha256Hex(keys.admin), scopes: ['admin'] },
    ]);
  });
});

describe('rate limit', () => {
  it('answers 429 problem+json past the limit, per key', async () => {
    const a = build({ RATE_LIMIT_PER_MINUTE: 3 });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      statuses.push(
        (await a.inject({ method: 'GET', url: '/v1/report', headers: bearer(keys.ops) })).statusCode,
      );
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    const limited = await a.inject({ method: 'GET', url: '/v1/report', headers: bearer(keys.ops) });
    expect(limited.headers['content-type']).toContain('application/problem+json');
    expect(limited.json()).toMatchObject({ status: 429 });
    // another key has its own budget; health probes are never limited
    expect(
      (await a.inject({ method: 'GET', url: '/v1/report', headers: bearer(keys.admin) })).statusCode,
    ).toBe(200);
    for (let i = 0; i < 5; i++)
      expect((await a.inject({ method: 'GET', url: '/health/live' })).statusCode).toBe(200);
  });
});

describe('CORS', () => {
  const preflight = (a: HttpApp, origin: string) =>
    a.inject({
      method: 'OPTIONS',
      url: '/v1/report',
      headers: { origin, 'access-control-request-method': 'GET' },
    });

  it('is closed by default: no CORS headers for any origin', async () => {
    const a = build();
    const response = await a.inject({
      method: 'GET',
      url: '/v1/report',
      headers: { ...bearer(keys.ops), origin: 'https://evil.example' },
    });
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
    expect(
      (await preflight(a, 'https://evil.example')).headers['access-control-allow-origin'],
    ).toBeUndefined();
  });

  it('allows only the configured origins', async () => {
    const a = build({ CORS_ORIGINS: ['https://ops.example'] });
    expect((await preflight(a, 'https://ops.example')).headers['access-control-allow-origin']).toBe(
      'https://ops.example',
    );
    expect(
      (await preflight(a, 'https://evil.example')).headers['access-control-allow-origin'],
    ).toBeUndefined();
  });
});
