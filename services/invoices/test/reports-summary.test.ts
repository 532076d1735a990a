import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeOffsByMonth } from '../src/db/insight-reports.queries.ts';
import {
  canUseSummary,
  rebuildReceivableSummary,
  receivableSummaryZone,
} from '../src/db/receivable-summary.queries.ts';
import { kpis } from '../src/db/reports.queries.ts';
import { summaryAgingBuckets, summaryProvisionBalances } from '../src/db/summary-reports.queries.ts';
import { completeMonthsBefore } from '../src/domain/report-months.ts';
import type { InvoicesService } from '../src/service.ts';
import { startReportsService } from './reports-fixture.ts';
import {
  fullSumAgingBuckets,
  fullSumKpis,
  fullSumProvisionBalances,
  fullSumWriteOffsByMonth,
} from './reports-full-sum.ts';
import { randomLedger, ZONES } from './reports-random-ledger.ts';

// The receivable summary (migration 015) must give the full sum's rows: from its change log, from its
// compacted totals, from both, after a rebuild for another zone, for month ends and mid-month dates.
const AS_OF = [
  '2027-09-30',
  '2027-10-31',
  '2027-11-15',
  '2027-12-31',
  '2028-01-15',
  '2028-01-31',
  '2028-02-29',
  '2028-03-17',
  '2028-03-31',
];
const PERIODS = [
  ...completeMonthsBefore('2028-04-01', 8),
  { from: '2027-12-31', to: '2028-01-01' },
  { from: '2028-02-10', to: '2028-03-17' },
  { from: '2027-11-15', to: '2028-02-14' },
];
// The compactor runs only when a test asks.
const NO_TIMER = { RECEIVABLE_SUMMARY_COMPACT_MS: '3600000' };

const sorted = <T>(rows: T[]) => rows.map((row) => JSON.stringify(row)).sort();

async function expectSummaryEqualsFullSum(pool: pg.Pool, timeZone: string): Promise<number> {
  expect(await canUseSummary(pool, { timeZone })).toBe(true);
  let compared = 0;
  for (const asOf of AS_OF) {
    for (const filter of [
      { asOf, timeZone },
      { asOf, timeZone, scheme: 'extended' as const, currency: 'JPY' },
    ]) {
      const expected = await fullSumAgingBuckets(pool, filter);
      expect(sorted(await summaryAgingBuckets(pool, filter))).toEqual(sorted(expected));
      compared += expected.length;
    }
  }
  const provision = await fullSumProvisionBalances(pool, { dates: AS_OF, timeZone });
  expect(await summaryProvisionBalances(pool, { dates: AS_OF })).toEqual(provision);
  for (const period of [
    { from: '2027-09-01', to: '2028-03-31' },
    { from: '2027-12-31', to: '2028-02-14' },
  ]) {
    const filter = { ...period, timeZone };
    const writeOffs = await fullSumWriteOffsByMonth(pool, filter);
    expect(writeOffs.length).toBeGreaterThan(0);
    expect(await writeOffsByMonth(pool, filter)).toEqual(writeOffs);
    const jpy = { ...filter, currency: 'JPY' };
    expect(await writeOffsByMonth(pool, jpy)).toEqual(await fullSumWriteOffsByMonth(pool, jpy));
  }
  const kpiRows = await fullSumKpis(pool, { periods: PERIODS, timeZone });
  expect(await kpis(pool, { periods: PERIODS, timeZone })).toEqual(kpiRows);
  // The period summary's rows are those of its definition applied to the whole ledger.
  const kept =
    await pool.query(`SELECT measure, currency, key_date::text, day::text, sum(item_count)::text AS n,
                                        sum(amount_minor)::text AS a, sum(days_late)::text AS l, sum(weighted_days)::text AS w
                                 FROM (SELECT * FROM period_day_totals UNION ALL
                                       SELECT measure, currency, key_date, day, item_count, amount_minor, days_late,
                                              weighted_days FROM period_changes) r
                                 GROUP BY 1, 2, 3, 4
                                 HAVING sum(item_count) <> 0 OR sum(amount_minor) <> 0 OR sum(days_late) <> 0
                                     OR sum(weighted_days) <> 0`);
  const defined = await pool.query({
    text: `SELECT measure, currency, key_date::text, day::text, item_count::text AS n, amount_minor::text AS a,
                  days_late::text AS l, weighted_days::text AS w
           FROM period_contribution(ARRAY(SELECT invoice_id FROM invoices), $1)`,
    values: [timeZone],
  });
  expect(sorted(kept.rows)).toEqual(sorted(defined.rows));
  return compared + provision.length + kpiRows.length;
}

const count = async (pool: pg.Pool, table: string) =>
  Number((await pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`)).rows[0]?.n);

/** Invoices that walk the summary through each kind of step, written after the random ledger. */
async function writeSteps(pool: pg.Pool) {
  await pool.query(`INSERT INTO customers (customer_id, profile) VALUES ('S', '{"timezone": "Asia/Tokyo"}')`);
  await pool.query(`INSERT INTO invoices (invoice_id, customer_id, number, currency, amount_minor, issue_date, due_date,
                                          overdue_at, request)
                    SELECT id, 'S', id, 'EUR', 100000, '2027-10-20', '2027-11-30', '2027-12-01T00:00:00Z', '{}'
                    FROM unnest(ARRAY['S1', 'S2', 'S3', 'S4', 'S5']) AS id`);
  await pool.query(`INSERT INTO invoice_entries (invoice_id, kind, amount_minor, source_id, source, occurred_at)
                    SELECT invoice_id, 'issue', amount_minor, invoice_id, 'test', '2027-10-20T09:00:00Z'
                    FROM invoices WHERE customer_id = 'S'`);
  const entry = (id: string, kind: string, minor: number, at: string, n: number) =>
    pool.query({
      text: `INSERT INTO invoice_entries (invoice_id, kind, amount_minor, source_id, source, occurred_at)
             VALUES ($1, $2, $3, $4, 'test', $5)`,
      values: [id, kind, minor, `S-${n}`, at],
    });
  // Overpaid, then re-opened by a positive adjustment.
  await entry('S1', 'payment', -120000, '2027-12-10T12:00:00Z', 1);
  await entry('S1', 'adjustment', 50000, '2028-01-20T12:00:00Z', 2);
  // Partial payments, one just before and one just after midnight in New York.
  await entry('S2', 'payment', -30000, '2027-12-31T04:59:59Z', 3);
  await entry('S2', 'payment', -30000, '2028-01-31T05:00:00Z', 4);
  await entry('S3', 'cancellation', -100000, '2028-01-05T00:00:00Z', 5);
  await entry('S4', 'write-off', -100000, '2028-03-01T00:00:00Z', 6);
  // Backdated: written now, occurred before the totals' months.
  await entry('S5', 'payment', -40000, '2027-10-25T23:30:00Z', 7);
  await entry('S5', 'payment', -10000, '2027-10-19T10:00:00Z', 8);
  // Paid, then written off (settled until then); S6 paid partly by the initial load, settled by the rest.
  await entry('S4', 'payment', -100000, '2027-11-29T23:30:00Z', 9);
  await pool.query(`INSERT INTO invoices (invoice_id, customer_id, number, currency, amount_minor, issue_date, due_date,
                                          overdue_at, request)
                    VALUES ('S6', 'S', 'S6', 'EUR', 100000, '2027-12-20', '2027-12-31', '2028-01-01T00:00:00Z', '{}'),
                           ('T1', 'T', 'T1', 'EUR', 80000, '2027-12-20', '2027-12-31', '2028-01-01T00:00:00Z', '{}')`);
  await pool.query(`INSERT INTO invoice_entries (invoice_id, kind, amount_minor, source_id, source, occurred_at)
                    VALUES ('S6', 'issue', 100000, 'S6', 'test', '2027-12-20T09:00:00Z'),
                           ('T1', 'issue', 80000, 'T1', 'test', '2027-12-20T09:00:00Z'),
                           ('S6', 'payment', -60000, 'S-10', 'import', '2027-12-21T09:00:00Z'),
                           ('T1', 'payment', -80000, 'S-11', 'test', '2028-01-01T03:00:00Z')`);
  await entry('S6', 'payment', -40000, '2028-01-04T09:00:00Z', 12);
  // A customer appears after paying, and another changes zone: days late in their zones.
  await pool.query(
    `INSERT INTO customers (customer_id, profile) VALUES ('T', '{"timezone": "Pacific/Kiritimati"}')`,
  );
  await pool.query(
    `UPDATE customers SET profile = '{"timezone": "Pacific/Pago_Pago"}' WHERE customer_id IN ('S', 'C1')`,
  );
  // Two class changes, the second at a day's edge in several zones.
  await pool.query(`INSERT INTO customer_risk_classes (customer_id, risk_class, assessed_at)
                    VALUES ('S', 'B', '2027-11-20T10:00:00Z'), ('C2', 'C', '2028-02-15T16:00:00Z')`);
  await pool.query(`INSERT INTO customer_risk_classes (customer_id, risk_class, assessed_at)
                    VALUES ('S', 'C', '2028-01-31T16:00:00Z')`);
}

describe.each(ZONES)('the receivable summary in %s equals the sum of every entry', (timeZone) => {
  let service: InvoicesService;
  let pool: pg.Pool;
  let close: () => Promise<void>;

  beforeAll(async () => {
    const started = await startReportsService(new Date('2028-04-01T00:00:00Z'), {
      ...NO_TIMER,
      REPORTING_TIME_ZONE: timeZone,
    });
    service = started.service;
    close = started.close;
    pool = service.host.pool;
    // Each zone its own ledger; new class assessments for customers with invoices on top.
    await randomLedger(7 + ZONES.indexOf(timeZone)).seed(pool);
    await pool.query(`INSERT INTO customer_risk_classes (customer_id, risk_class, assessed_at)
                      SELECT 'C' || n, (ARRAY['C', 'A', 'B'])[1 + n % 3], '2028-01-31T23:30:00Z'
                      FROM generate_series(3, 10) AS n`);
  });
  afterAll(async () => close?.());

  it('was built for the configured zone when the service started', async () => {
    expect(await receivableSummaryZone(pool)).toBe(timeZone);
  });

  it('from its change log, then from the totals it was compacted into', async () => {
    expect(await count(pool, 'receivable_changes')).toBeGreaterThan(100);
    expect(await count(pool, 'period_changes')).toBeGreaterThan(100);
    expect(await expectSummaryEqualsFullSum(pool, timeZone)).toBeGreaterThan(40);
    expect(await service.summaryCompactor.runOnce()).toBeGreaterThan(100);
    expect(await count(pool, 'receivable_changes')).toBe(0);
    expect(await count(pool, 'period_changes')).toBe(0);
    expect(await count(pool, 'period_day_totals')).toBeGreaterThan(50);
    expect(await count(pool, 'receivable_month_totals')).toBeGreaterThan(10);
    await expectSummaryEqualsFullSum(pool, timeZone);
  });

  it('with later, backdated and re-opening entries and class changes on top of the totals', async () => {
    await writeSteps(pool);
    expect(await count(pool, 'receivable_changes')).toBeGreaterThan(0);
    expect(await count(pool, 'period_changes')).toBeGreaterThan(0);
    await expectSummaryEqualsFullSum(pool, timeZone);
    await service.summaryCompactor.runOnce();
    await expectSummaryEqualsFullSum(pool, timeZone);
  });

  it('rebuilt for another zone, and back', async () => {
    expect(await rebuildReceivableSummary(pool, 'Pacific/Auckland')).toBe(true);
    expect(await rebuildReceivableSummary(pool, 'Pacific/Auckland')).toBe(false);
    await expectSummaryEqualsFullSum(pool, 'Pacific/Auckland');
    expect(await canUseSummary(pool, { timeZone })).toBe(false);
    expect(await rebuildReceivableSummary(pool, timeZone)).toBe(true);
    await expectSummaryEqualsFullSum(pool, timeZone);
  });
});

describe('two ledger transactions on the same summary key', () => {
  let pool: pg.Pool;
  let close: () => Promise<void>;

  beforeAll(async () => {
    const started = await startReportsService(new Date('2028-04-01T00:00:00Z'), NO_TIMER);
    close = started.close;
    pool = started.service.host.pool;
    await pool.query(`INSERT INTO invoices (invoice_id, customer_id, number, currency, amount_minor, issue_date, due_date,
                                            overdue_at, request)
                      VALUES ('K1', 'K', 'K1', 'EUR', 5000, '2028-01-02', '2028-02-01', '2028-02-02T00:00:00Z', '{}'),
                             ('K2', 'K', 'K2', 'EUR', 7000, '2028-01-02', '2028-02-01', '2028-02-02T00:00:00Z', '{}')`);
    await pool.query(`INSERT INTO invoice_entries (invoice_id, kind, amount_minor, source_id, source, occurred_at)
                      SELECT invoice_id, 'issue', amount_minor, invoice_id, 'test', '2028-01-02T09:00:00Z' FROM invoices`);
    await pool.query('SELECT compact_receivable_changes(1000)');
  });
  afterAll(async () => close?.());

  it('post at once without waiting for each other', async () => {
    const first = await pool.connect();
    const second = await pool.connect();
    const pay = (client: pg.PoolClient, invoiceId: string) =>
      client.query({
        text: `INSERT INTO invoice_entries (invoice_id, kind, amount_minor, source_id, source, occurred_at)
               VALUES ($1, 'payment', -1000, $1 || '-paid', 'test', '2028-01-20T10:00:00Z')`,
        values: [invoiceId],
      });
    try {
      await first.query('BEGIN');
      await second.query("BEGIN; SET LOCAL lock_timeout = '3s'");
      await pay(first, 'K1');
      // Same currency, class, due date and day while the first is open: it would time out on a lock.
      await pay(second, 'K2');
      await second.query('COMMIT');
      await first.query('COMMIT');
    } finally {
      first.release();
      second.release();
    }
    const filter = { asOf: '2028-01-31', timeZone: 'UTC' };
    expect(await summaryAgingBuckets(pool, filter)).toEqual([
      { currency: 'EUR', bucket: 'current', count: 2, amount_minor: '10000' },
    ]);
    expect(await summaryAgingBuckets(pool, filter)).toEqual(await fullSumAgingBuckets(pool, filter));
  });
});
