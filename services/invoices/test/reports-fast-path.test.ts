import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ForecastItemRow, forecastItems, openPromises } from '../src/db/forecast.queries.ts';
import { provisionBalances } from '../src/db/insight-reports.queries.ts';
import { agingBuckets, agingBucketsByCustomer, kpis } from '../src/db/reports.queries.ts';
import { FORECAST_LOOKBACK_DAYS, forecastCollections } from '../src/domain/cash-forecast.ts';
import { completeMonthsBefore } from '../src/domain/report-months.ts';
import { toForecastItems, toForecastPromises } from '../src/reports/forecast-report.ts';
import { forecastItemsFromEveryInvoice } from './forecast-reference.ts';
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

  it.each(ZONES)(
    'the forecast agrees with reading every open invoice (reporting zone %s)',
    async (timeZone) => {
      // Disputes (whole or part, some resolved) and promises (some kept) on a few invoices, so that some
      // open items are read apart from the plain ones at every date.
      await pool.query(
        `INSERT INTO disputes (dispute_id, invoice_id, status, reason, amount_minor, opened_at, opened_source, resolved_at)
       SELECT 'fd-' || invoice_id, invoice_id, CASE WHEN n % 2 = 0 THEN 'open' ELSE 'rejected' END, 'test',
              CASE WHEN n % 3 = 0 THEN NULL ELSE balance_minor / 2 + 1 END,
              (issue_date + 20)::timestamp AT TIME ZONE 'UTC', 'test',
              CASE WHEN n % 2 = 1 THEN (issue_date + 75)::timestamp AT TIME ZONE 'UTC' END
       FROM (SELECT *, abs(hashtext(invoice_id)) AS n FROM invoices) i WHERE n % 7 = 0
       ON CONFLICT DO NOTHING`,
      );
      await pool.query(
        `INSERT INTO payment_promises (promise_id, customer_id, invoice_ids, currency, amount_minor, promised_date,
         recorded_at, status, resolved_at)
       SELECT 'fp-' || invoice_id, customer_id, ARRAY[invoice_id], currency, greatest(abs(balance_minor) / 3, 1),
              due_date + 40, (due_date + 30)::timestamp AT TIME ZONE 'UTC',
              CASE WHEN n % 2 = 0 THEN 'open' ELSE 'kept' END,
              CASE WHEN n % 2 = 1 THEN (due_date + 45)::timestamp AT TIME ZONE 'UTC' END
       FROM (SELECT *, abs(hashtext(invoice_id || 'p')) AS n FROM invoices) i WHERE n % 9 = 0
       ON CONFLICT DO NOTHING`,
      );
      const forecast = (
        rows: ForecastItemRow[],
        promises: Awaited<ReturnType<typeof openPromises>>,
        asOf: string,
      ) =>
        forecastCollections({
          asOf,
          weeks: 13,
          items: toForecastItems(rows),
          promises: toForecastPromises(promises),
          portfolioMedianDaysLate: rows[0]?.portfolio_median_days_late ?? null,
        });
      let apart = 0;
      for (const asOf of AS_OF) {
        for (const currency of [undefined, 'KWD']) {
          const filter = { asOf, timeZone, lookbackDays: FORECAST_LOOKBACK_DAYS, minPayments: 3, currency };
          const [rows, reference, promises] = await Promise.all([
            forecastItems(pool, filter),
            forecastItemsFromEveryInvoice(pool, filter),
            openPromises(pool, filter),
          ]);
          apart += rows.filter((row) => row.invoice_id !== null || row.disputed_minor !== '0').length;
          expect(reference.length).toBeGreaterThan(0);
          expect(forecast(rows, promises, asOf)).toEqual(forecast(reference, promises, asOf));
        }
      }
      expect(apart).toBeGreaterThan(10);
    },
  );

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
