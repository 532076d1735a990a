import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provisionBalances } from '../src/db/insight-reports.queries.ts';
import { agingBuckets, agingBucketsByCustomer, kpis } from '../src/db/reports.queries.ts';
import { completeMonthsBefore } from '../src/domain/report-months.ts';
import { startReportsService } from './reports-fixture.ts';
import {
  fullSumAgingBuckets,
  fullSumAgingBucketsByCustomer,
  fullSumKpis,
  fullSumProvisionBalances,
} from './reports-full-sum.ts';
import { randomLedger, ZONES } from './reports-random-ledger.ts';

// The as-of reports read the receivable summary in the zone it was built for (UTC here; its own
// checks are in reports-summary.test.ts) and kept balances minus later entries otherwise; the
// reference re-adds every entry up to each date. On a random ledger (EUR, USD, JPY with 0 decimals, KWD with 3; customers in five zones;
// entries exactly at, just before and just after local midnights and month ends; backdated entries
// written after later ones; overpayments; imported payments) both must give the same rows, in every
// reporting zone, for every date and period asked.
const AS_OF = [
  '2027-09-30',
  '2027-10-31',
  '2027-11-30',
  '2027-12-31',
  '2028-01-15',
  '2028-02-29',
  '2028-03-31',
];

const { seed } = randomLedger(20281231);

const sorted = <T>(rows: T[]) => rows.map((row) => JSON.stringify(row)).sort();

describe('the as-of reports read kept balances and equal the sum of every entry', () => {
  let pool: pg.Pool;
  let close: () => Promise<void>;

  beforeAll(async () => {
    const started = await startReportsService(new Date('2028-04-01T00:00:00Z'));
    close = started.close;
    pool = started.service.host.pool;
    await seed(pool);
  });
  afterAll(async () => close?.());

  it('the ledger is varied enough to tell the two apart', async () => {
    const { rows } = await pool.query<{ negative: number; open: number; kinds: number }>(
      `SELECT count(*) FILTER (WHERE balance_minor < 0)::int AS negative,
              count(*) FILTER (WHERE balance_minor > 0)::int AS open,
              (SELECT count(DISTINCT kind) FROM invoice_entries)::int AS kinds
       FROM invoices`,
    );
    expect(rows[0]?.negative).toBeGreaterThan(0);
    expect(rows[0]?.open).toBeGreaterThan(10);
    expect(rows[0]?.kinds).toBe(6);
  });

  it.each(ZONES)(
    'aging, by customer and provision agree as of every date (reporting zone %s)',
    async (timeZone) => {
      let compared = 0;
      for (const asOf of AS_OF) {
        for (const filter of [
          { asOf, timeZone },
          { asOf, timeZone, scheme: 'extended' as const, currency: 'JPY' },
          { asOf, timeZone, customerId: 'C3' },
        ]) {
          const expected = await fullSumAgingBuckets(pool, filter);
          expect(sorted(await agingBuckets(pool, filter))).toEqual(sorted(expected));
          compared += expected.length;
        }
        // From the top of the kept totals (every currency, one currency), and ranking every customer (one
        // customer asked for).
        for (const filter of [
          { asOf, timeZone },
          { asOf, timeZone, currency: 'JPY' },
          { asOf, timeZone, customerId: 'C3' },
        ]) {
          expect(await agingBucketsByCustomer(pool, filter, 3)).toEqual(
            await fullSumAgingBucketsByCustomer(pool, filter, 3),
          );
        }
      }
      const dates = AS_OF;
      const provision = await fullSumProvisionBalances(pool, { dates, timeZone });
      expect(await provisionBalances(pool, { dates, timeZone })).toEqual(provision);
      expect(provision.length).toBeGreaterThan(10);
      expect(compared).toBeGreaterThan(20);
    },
  );

  it('keeps what each customer owes now, exactly, before and after its log is folded (migration 018)', async () => {
    const owedNow = `SELECT customer_id, currency, sum(open_minor)::text AS open_minor, sum(open_count)::int AS open_count
                     FROM (SELECT customer_id, currency, open_minor, open_count FROM customer_open_totals
                           UNION ALL SELECT customer_id, currency, open_minor, open_count FROM customer_open_changes) k
                     GROUP BY customer_id, currency HAVING sum(open_count) <> 0 OR sum(open_minor) <> 0
                     ORDER BY customer_id, currency`;
    const fromInvoices = `SELECT customer_id, currency, sum(balance_minor)::text AS open_minor, count(*)::int AS open_count
                          FROM invoices WHERE balance_minor > 0 GROUP BY customer_id, currency ORDER BY customer_id, currency`;
    const expected = (await pool.query(fromInvoices)).rows;
    expect(expected.length).toBeGreaterThan(5);
    expect((await pool.query(owedNow)).rows).toEqual(expected);
    const byCustomer = await agingBucketsByCustomer(pool, { asOf: '2028-01-15', timeZone: 'UTC' }, 3);
    while (Number((await pool.query('SELECT compact_receivable_changes(1000) AS moved')).rows[0].moved) > 0);
    expect((await pool.query('SELECT count(*)::int AS n FROM customer_open_changes')).rows[0].n).toBe(0);
    expect((await pool.query(owedNow)).rows).toEqual(expected);
    expect(await agingBucketsByCustomer(pool, { asOf: '2028-01-15', timeZone: 'UTC' }, 3)).toEqual(
      byCustomer,
    );
    // Folded, the ranking reads few deltas: the top of each currency's totals decides it.
    for (const [asOf, limit] of [
      ['2028-03-31', 1],
      ['2028-03-31', 2],
      ['2027-12-31', 1],
    ] as const) {
      const filter = { asOf, timeZone: 'UTC' };
      expect(await agingBucketsByCustomer(pool, filter, limit)).toEqual(
        await fullSumAgingBucketsByCustomer(pool, filter, limit),
      );
    }
  });

  it.each(ZONES)('KPIs agree for months and odd periods (reporting zone %s)', async (timeZone) => {
    const periods = [
      ...completeMonthsBefore('2028-04-01', 8),
      { from: '2027-12-31', to: '2028-01-01' },
      { from: '2028-02-29', to: '2028-02-29' },
      { from: '2027-08-01', to: '2027-08-31' },
    ];
    for (const filter of [
      { periods, timeZone },
      { periods, timeZone, currency: 'KWD' },
    ]) {
      const expected = await fullSumKpis(pool, filter);
      expect(expected.some((row) => row.settled_count > 0 && row.written_off_minor !== '0')).toBe(true);
      expect(await kpis(pool, filter)).toEqual(expected);
    }
  });
});
