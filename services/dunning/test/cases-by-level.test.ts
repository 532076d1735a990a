import { adminAuth, waitFor } from '@dunning/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DunningService } from '../src/service.ts';
import { DAY_MS, type DunningUnderTest, dunningUnderTest } from './support/dunning-under-test.ts';
import { issued } from './support/ledger-feed.ts';

describe('cases per dunning level on real Kafka, PostgreSQL and Redis (DAY_MS=100)', () => {
  let run: DunningUnderTest;
  let service: DunningService;

  beforeAll(async () => {
    run = await dunningUnderTest();
    service = await run.start();
  });
  afterAll(async () => {
    await run?.close();
  });

  const report = async () => {
    const response = await service.app.inject({
      method: 'GET',
      url: '/v1/reports/cases-by-level',
      headers: adminAuth,
    });
    expect(response.statusCode, response.body).toBe(200);
    return response.json().levels as { level: number | null; cases: number; inLegal: number }[];
  };

  it('counts open cases by the highest level they were sent, legal ones apart', async () => {
    expect(await report()).toEqual([]);
    // 55 days overdue: the reminder (level 1) goes out at once; the other is not due for 50 days.
    await run.feed.publish([
      issued('c-lv-1', 'i-lv-1', new Date(Date.now() - 55 * DAY_MS)),
      issued('c-lv-2', 'i-lv-2', new Date(Date.now() + 50 * DAY_MS)),
      issued('c-lv-3', 'i-lv-3', new Date(Date.now() + 50 * DAY_MS)),
    ]);
    await waitFor(
      async () => {
        const levels = await report();
        return levels.some((r) => r.level === 1) && levels.reduce((n, r) => n + r.cases, 0) === 3;
      },
      { timeoutMs: 10_000 },
    );
    const legal = await service.app.inject({
      method: 'POST',
      url: '/v1/invoices/i-lv-3/legal',
      headers: adminAuth,
      payload: { reason: 'insolvency' },
    });
    expect(legal.statusCode, legal.body).toBe(200);
    expect(await report()).toEqual([
      { level: null, cases: 2, inLegal: 1 },
      { level: 1, cases: 1, inLegal: 0 },
    ]);
  });

  it('is documented with its scope', async () => {
    const doc = (await service.app.inject({ method: 'GET', url: '/docs/json', headers: adminAuth })).json();
    expect(doc.paths['/v1/reports/cases-by-level'].get.operationId).toBe('getCasesByLevel');
    expect(JSON.stringify(doc.paths['/v1/reports/cases-by-level'])).toContain('ops:read');
  });
});
