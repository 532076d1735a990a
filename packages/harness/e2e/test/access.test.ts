import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serviceNames } from '@dunning/platform-manifest';
import { type Scope, sha256Hex } from '@dunning/service-runtime';
import { adminAuth } from '@dunning/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operationsOf } from '../src/fuzz/openapi-operations.ts';
import { type PlatformUnderTest, platformUnderTest } from '../src/index.ts';

type ServiceName = 'invoices' | 'credit-risk' | 'dunning' | 'notifications';

/** One key per non-admin scope; the collector key acts as collector "x", the id every path gets. */
const scopedKeys: Record<Exclude<Scope, 'admin'>, string> = {
  'erp:write': 'erp-key-for-the-route-census',
  'ops:read': 'ops-key-for-the-route-census',
  collector: 'collector-key-for-the-route-census',
};

interface InjectableApp {
  inject(options: {
    method: string;
    url: string;
    headers?: Record<string, string>;
    payload?: unknown;
  }): PromiseLike<{ statusCode: number; json(): unknown }>;
}

/** Every operation a service documents, with the scope it says it needs and a URL to call it by. */
async function documentedOperations(service: ServiceName, app: InjectableApp) {
  const response = await app.inject({ method: 'GET', url: '/docs/json', headers: adminAuth });
  expect(response.statusCode).toBe(200);
  return operationsOf(service, response.json()).map((operation) => ({
    ...operation,
    url: operation.path.replace(/\{[^}]+\}/g, 'x'),
    required: operation.access as Scope | 'public',
  }));
}

describe('access: every documented route of every service refuses missing and wrong credentials', () => {
  let platform: PlatformUnderTest;
  const apps: Partial<Record<ServiceName, InjectableApp>> = {};

  beforeAll(async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'keys-')), 'api-keys.json');
    writeFileSync(
      file,
      JSON.stringify(
        Object.entries(scopedKeys).map(([scope, key]) => ({
          name: `census-${scope}`,
          sha256: sha256Hex(key),
          scopes: [scope],
          ...(scope === 'collector' ? { collectorId: 'x' } : {}),
        })),
      ),
    );
    const env = { API_KEYS_FILE: file };
    platform = platformUnderTest({
      env: { invoices: env, 'credit-risk': env, dunning: env, notifications: env },
    });
    apps.invoices = (await platform.startInvoices()).app;
    apps['credit-risk'] = (await platform.startCreditRisk()).app;
    apps.dunning = (await platform.startDunning()).app;
    apps.notifications = (await platform.startNotifications()).app;
  }, 60_000);
  afterAll(async () => {
    await platform?.close();
  });

  it.each(serviceNames)('%s', async (service) => {
    const app = apps[service]!;
    const operations = await documentedOperations(service, app);
    expect(operations.length).toBeGreaterThan(5);
    // Only the health probes are public.
    expect(operations.filter((o) => o.required === 'public').map((o) => o.path)).toEqual([
      '/health/live',
      '/health/ready',
    ]);
    for (const op of operations) {
      const label = `${service} ${op.method} ${op.path} (needs ${op.required})`;
      const payload = op.method === 'GET' ? undefined : {};
      const anonymous = await app.inject({ method: op.method, url: op.url, payload });
      if (op.required === 'public') {
        expect(anonymous.statusCode, label).toBeLessThan(500);
        continue;
      }
      expect(anonymous.statusCode, label).toBe(401);
      const forged = await app.inject({
        method: op.method,
        url: op.url,
        payload,
        headers: { authorization: 'Bearer not-a-key-of-this-platform' },
      });
      expect(forged.statusCode, label).toBe(401);
      for (const [scope, key] of Object.entries(scopedKeys)) {
        const response = await app.inject({
          method: op.method,
          url: op.url,
          payload,
          headers: { authorization: `Bearer ${key}` },
        });
        if (scope === op.required)
          expect([401, 403], `${label} with ${scope}`).not.toContain(response.statusCode);
        else expect(response.statusCode, `${label} with ${scope}`).toBe(403);
      }
    }
  });

  it('the ops pages outside OpenAPI (docs UI, metrics, queue boards) need ops:read too', async () => {
    for (const app of Object.values(apps) as InjectableApp[]) {
      for (const url of ['/docs', '/metrics']) {
        expect((await app.inject({ method: 'GET', url })).statusCode, url).toBe(401);
        const ops = await app.inject({
          method: 'GET',
          url,
          headers: { authorization: `Bearer ${scopedKeys['ops:read']}` },
        });
        expect([200, 302], url).toContain(ops.statusCode);
      }
    }
    for (const app of [apps.dunning!, apps.notifications!]) {
      expect((await app.inject({ method: 'GET', url: '/ops/queues' })).statusCode).toBe(401);
      const erp = { authorization: `Bearer ${scopedKeys['erp:write']}` };
      expect((await app.inject({ method: 'GET', url: '/ops/queues', headers: erp })).statusCode).toBe(403);
      const ops = { authorization: `Bearer ${scopedKeys['ops:read']}` };
      expect((await app.inject({ method: 'GET', url: '/ops/queues', headers: ops })).statusCode).toBe(200);
    }
  });
});
