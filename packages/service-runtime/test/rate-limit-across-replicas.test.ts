import { uniqueName } from '@dunning/testing';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import {
  createHttpApp,
  createLogger,
  type HttpApp,
  httpSecurityFromConfig,
  type RateLimitStore,
} from '../src/index.ts';

const adminKey = 'admin-key-0123456789abcdef';
const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: 1 });
const apps: HttpApp[] = [];

/** One replica of a service: its own fastify app, counting in `store` (or alone when absent). */
function replica(limit: number, store?: RateLimitStore): HttpApp {
  const app = createHttpApp({
    name: 'replica',
    version: '0',
    logger: createLogger({ name: 'replica', level: 'silent' }),
    readinessChecks: [],
    security: httpSecurityFromConfig(
      { ADMIN_API_KEY: adminKey, RATE_LIMIT_PER_MINUTE: limit, CORS_ORIGINS: [] },
      store,
    ),
    routes: async (routes) => {
      routes.get('/v1/thing', { config: { access: 'admin' } }, async () => ({ ok: true }));
    },
  });
  apps.push(app);
  return app;
}

const call = async (app: HttpApp) =>
  (await app.inject({ method: 'GET', url: '/v1/thing', headers: { authorization: `Bearer ${adminKey}` } }))
    .statusCode;

afterAll(async () => {
  await Promise.all(apps.map((app) => app.close()));
  redis.disconnect();
});

// Building a fastify app with its docs takes a second or more on a busy machine.
describe('rate limit across replicas', { timeout: 30_000 }, () => {
  it('holds for the service as a whole when its replicas share the store', async () => {
    const store = { redis, namespace: uniqueName('limit') };
    const [a, b] = [replica(4, store), replica(4, store)];
    const statuses = [
      await call(a),
      await call(b),
      await call(a),
      await call(b),
      await call(a),
      await call(b),
    ];
    expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
  });

  it('is counted apart per namespace, and per process without a store', async () => {
    const [a, b] = [
      replica(2, { redis, namespace: uniqueName('one') }),
      replica(2, { redis, namespace: uniqueName('two') }),
    ];
    expect([await call(a), await call(a), await call(b), await call(b)]).toEqual([200, 200, 200, 200]);
    const [c, d] = [replica(2), replica(2)];
    // each process alone: twice the limit in all, which is why services pass their host's store
    expect([await call(c), await call(c), await call(d), await call(d), await call(c)]).toEqual([
      200, 200, 200, 200, 429,
    ]);
  });
});
