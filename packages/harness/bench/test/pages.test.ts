import { INSIGHT_REPORTS } from '@dunning/console/insight';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import {
  COUNTRIES,
  customerOf,
  customerSql,
  daysPastDue,
  daysPastDueSql,
  INVOICE_MIX,
  seedPlan,
  stateCounts,
  stateOf,
  stateSql,
} from '../src/domain/seed-plan.ts';
import { serverTimingMs, timings } from '../src/domain/stats.ts';
import { type UrlTiming, verdictOf } from '../src/phases/pages/time-urls.ts';
import { type PagesResult, pagesTargets } from '../src/phases/pages.ts';
import { TIMED_URLS } from '../src/phases/pages-targets.ts';

describe('the pages data set', () => {
  it('mixes the states by their share: every 1,000 consecutive invoices hold each share exactly', () => {
    expect(INVOICE_MIX.reduce((sum, m) => sum + m.perMille, 0)).toBe(1000);
    const counts = stateCounts(1000);
    for (const m of INVOICE_MIX) expect(counts[m.state]).toBe(m.perMille);
    expect(stateCounts(100_000).paid).toBe(45_000);
  });

  it('spreads neighbouring invoices over different states', () => {
    const first = new Set(Array.from({ length: 20 }, (_, k) => stateOf(k + 1)));
    expect(first.size).toBeGreaterThanOrEqual(5);
  });

  it('puts each overdue state in its aging bucket and current ones not past due', () => {
    const buckets: Record<string, [number, number]> = {
      current: [-29, 0],
      'overdue-1-30': [1, 30],
      'overdue-31-60': [31, 60],
      'overdue-61-90': [61, 90],
      'overdue-90+': [91, 360],
    };
    for (let i = 1; i <= 5000; i++) {
      const range = buckets[stateOf(i)];
      if (!range) continue;
      expect(daysPastDue(i)).toBeGreaterThanOrEqual(range[0]);
      expect(daysPastDue(i)).toBeLessThanOrEqual(range[1]);
    }
  });

  it('gives customer 1 many invoices and every other customer some', () => {
    const plan = seedPlan(50_000, 10);
    expect(plan).toEqual({ invoices: 50_000, customers: 5_000, bigCustomerInvoices: 1_000 });
    expect(seedPlan(1_000_000, 10).bigCustomerInvoices).toBe(1_000);
    const perCustomer = new Map<number, number>();
    for (let i = 1; i <= plan.invoices; i++) {
      const c = customerOf(plan, i);
      perCustomer.set(c, (perCustomer.get(c) ?? 0) + 1);
    }
    expect(perCustomer.size).toBe(plan.customers);
    expect(perCustomer.get(1)).toBe(1_000);
    expect(Math.max(...[...perCustomer].filter(([c]) => c !== 1).map(([, n]) => n))).toBeLessThanOrEqual(11);
  });

  it('covers currencies with 0, 2 and 3 decimals', () => {
    expect(new Set(COUNTRIES.map((c) => c.decimals))).toEqual(new Set([0, 2, 3]));
  });

  describe('in SQL (real PostgreSQL)', () => {
    const databaseUrl = process.env.DATABASE_URL;
    if (!databaseUrl) throw new Error('DATABASE_URL is needed: the SQL rules are checked against PostgreSQL');
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
    afterAll(() => pool.end());

    it('gives every invoice the same state, days past due and customer as the rules in TypeScript', async () => {
      const plan = seedPlan(3_000, 10);
      const { rows } = await pool.query<{ i: number; state: string; dpd: number; c: number }>(
        `SELECT i, state, ${daysPastDueSql('state')} AS dpd, ${customerSql(plan)} AS c
         FROM (SELECT i, ${stateSql()} AS state FROM generate_series(1, 3000) AS i) s ORDER BY i`,
      );
      expect(rows).toHaveLength(3000);
      for (const row of rows) {
        expect(row.state).toBe(stateOf(row.i));
        expect(row.dpd).toBe(daysPastDue(row.i));
        expect(row.c).toBe(customerOf(plan, row.i));
      }
    });
  });
});

describe('page timings', () => {
  it('takes nearest-rank p50/p95/max to 0.1 ms', () => {
    const values = Array.from({ length: 20 }, (_, i) => i + 1.04);
    expect(timings(values)).toEqual({ count: 20, p50: 10, p95: 19, max: 20 });
    expect(timings([])).toEqual({ count: 0, p50: null, p95: null, max: null });
    expect(timings([7.25])).toEqual({ count: 1, p50: 7.3, p95: 7.3, max: 7.3 });
  });

  it('reads the app figure of a Server-Timing header', () => {
    expect(serverTimingMs('app;dur=12.5')).toBe(12.5);
    expect(serverTimingMs('db;dur=3, app;desc="x";dur=40')).toBe(40);
    expect(serverTimingMs('db;dur=3')).toBeUndefined();
    expect(serverTimingMs(null)).toBeUndefined();
  });

  it('judges p95 strictly under the target, and a future report that answers 404 or 400 as missing', () => {
    expect(verdictOf({ targetMs: 300 }, 200, 299.9)).toBe('met');
    expect(verdictOf({ targetMs: 300 }, 200, 300)).toBe('missed');
    expect(verdictOf({ targetMs: 500 }, 500, 10)).toBe('error');
    expect(verdictOf({ targetMs: 500 }, 404, 1)).toBe('error');
    expect(verdictOf({ targetMs: 500, future: true }, 404, 1)).toBe('missing');
    expect(verdictOf({ targetMs: 500, future: true }, 200, 1)).toBe('met');
  });

  it('times every console page and every report named in the issues', () => {
    const context = {
      bigCustomer: 'pc1',
      typicalCustomer: 'pc5',
      collector: 'col-2',
      notice: 'n1',
      today: '2026-12-05',
      monthAgo: '2026-11-05',
      weekAhead: '2026-12-12T00:00:00.000Z',
    };
    const paths = TIMED_URLS.map((t) => `${t.app} ${t.path(context).split('?')[0]}`);
    for (const expected of [
      'console /',
      'console /worklist',
      'console /customers/pc1',
      'console /ops',
      'console /ops/proposal',
      'console /ops/platform',
      'console /admin/users',
      'invoices /v1/reports/aging',
      'invoices /v1/reports/kpis',
      'dunning /v1/reports/cases-by-level',
      'dunning /v1/dunning-runs/proposal',
      'invoices /v1/reports/forecast',
      'dunning /v1/reports/collectors',
      'dunning /v1/reports/effectiveness',
      'notifications /v1/reports/deliveries',
    ]) {
      expect(paths).toContain(expected);
    }
    // The insight page's parts are its reports, loaded after it: a report's target.
    const isPart = (t: (typeof TIMED_URLS)[number]) => t.path(context).startsWith('/ops/insight/parts/');
    expect(TIMED_URLS.filter((t) => t.app === 'console' && !isPart(t)).every((t) => t.targetMs === 300)).toBe(
      true,
    );
    // Every section of the page, as the console lists them.
    expect(TIMED_URLS.filter(isPart).map((t) => t.path(context).split('/').pop())).toEqual([
      ...INSIGHT_REPORTS,
    ]);
    expect(TIMED_URLS.filter(isPart).every((t) => t.targetMs === 500)).toBe(true);
    expect(TIMED_URLS.filter((t) => t.app !== 'console').every((t) => t.targetMs === 500)).toBe(true);
  });

  it('counts the insight parts with the reports, and every other console URL with the pages', () => {
    const url = (app: UrlTiming['app'], path: string, targetMs: number, verdict: UrlTiming['verdict']) =>
      ({ app, path, targetMs, verdict }) as UrlTiming;
    const result = {
      plan: { invoices: 1_000 },
      urls: [
        url('console', '/ops', 300, 'met'),
        url('console', '/ops/insight', 300, 'met'),
        url('console', '/ops/insight/parts/forecast', 500, 'missed'),
        url('invoices', '/v1/reports/aging', 500, 'met'),
      ],
    } as unknown as PagesResult;
    const [pages, reports] = pagesTargets(result);
    expect(pages).toMatchObject({ measured: '2 of 2 met at 1,000 invoices', status: 'met' });
    expect(reports).toMatchObject({ measured: '1 of 2 met at 1,000 invoices', status: 'missed' });
  });
});
