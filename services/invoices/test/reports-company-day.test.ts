import { adminAuth } from '@dunning/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { customer, type LedgerUnderTest, startLedger } from './ledger-harness.ts';

// The same ledger history, entered through the real commands, into three ledgers that differ only
// in REPORTING_TIME_ZONE: UTC (the default), Asia/Shanghai and America/New_York.
// Customers: S in Shanghai (UTC+8), N in New York (EDT UTC−4 until 2026-11-01 06:00Z, then EST UTC−5).
const invoice = (
  invoiceId: string,
  customerId: string,
  currency: string,
  amount: string,
  issueDate: string,
  dueDate: string,
  discount?: { percent: string; days: number },
) => ({
  invoiceId,
  customerId,
  number: invoiceId,
  currency,
  amount,
  issueDate,
  dueDate,
  ...(discount ? { discount } : {}),
});

async function enterHistory(ledger: LedgerUnderTest): Promise<void> {
  const put = (id: string, zone: string) =>
    ledger.service.app.inject({
      method: 'PUT',
      url: `/v1/customers/${id}`,
      headers: adminAuth,
      payload: customer(zone),
    });
  await put('S', 'Asia/Shanghai');
  await put('N', 'America/New_York');
  const pay = (paymentId: string, invoiceId: string, currency: string, amount: string, receivedAt: string) =>
    ledger.post('/v1/payments', { paymentId, invoiceId, currency, amount, receivedAt });
  ledger.clock.now = new Date('2026-10-01T00:00:00Z');
  // S1: paid on "1 November" in Shanghai = 2026-10-31T16:00Z, one day late (due 31 October).
  await ledger.post('/v1/invoices', invoice('S1', 'S', 'EUR', '100.00', '2026-10-01', '2026-10-31'));
  await pay('pS1', 'S1', 'EUR', '100.00', '2026-11-01');
  // O1: open over October, cancelled on 20 November.
  await ledger.post('/v1/invoices', invoice('O1', 'N', 'EUR', '200.00', '2026-10-01', '2026-10-31'));
  // N1: paid at 23:30 on its due day in New York, which is already 1 November in UTC: on time.
  await ledger.post('/v1/invoices', invoice('N1', 'N', 'USD', '50.00', '2026-10-01', '2026-10-31'));
  await pay('pN1', 'N1', 'USD', '50.00', '2026-11-01T03:30:00Z');
  // N2: due on 1 November (the DST change); paid at 23:30 EST that day = 2026-11-02T04:30Z: on time.
  await ledger.post('/v1/invoices', invoice('N2', 'N', 'USD', '50.00', '2026-10-02', '2026-11-01'));
  await pay('pN2', 'N2', 'USD', '50.00', '2026-11-02T04:30:00Z');
  // November: D1 takes a 2.00 discount, E1 stays open past due, C1 is cancelled.
  ledger.clock.now = new Date('2026-11-20T12:00:00Z');
  await ledger.post(
    '/v1/invoices',
    invoice('D1', 'S', 'EUR', '100.00', '2026-11-02', '2026-12-02', { percent: '2', days: 10 }),
  );
  await pay('pD1', 'D1', 'EUR', '98.00', '2026-11-10');
  await ledger.post('/v1/invoices', invoice('E1', 'S', 'EUR', '100.00', '2026-11-03', '2026-11-10'));
  await ledger.post('/v1/invoices', invoice('C1', 'S', 'EUR', '300.00', '2026-11-05', '2026-12-05'));
  expect((await ledger.post('/v1/invoices/C1/cancel', {})).status).toBe(201);
  expect((await ledger.post('/v1/invoices/O1/cancel', {})).status).toBe(201);
}

let utc: LedgerUnderTest;
let shanghai: LedgerUnderTest;
let newYork: LedgerUnderTest;
beforeAll(async () => {
  utc = await startLedger({ prefix: 'day_utc' });
  shanghai = await startLedger({ prefix: 'day_sh', reportingTimeZone: 'Asia/Shanghai' });
  newYork = await startLedger({ prefix: 'day_ny', reportingTimeZone: 'America/New_York' });
  for (const ledger of [utc, shanghai, newYork]) await enterHistory(ledger);
});
afterAll(async () => {
  for (const ledger of [utc, shanghai, newYork]) await ledger?.close();
});

/** One currency's line of a report: its figures, and the aging buckets where the report has them. */
type CurrencyLine = Record<string, unknown> & { buckets: unknown[] };
const currency = (report: { currencies: { currency: string }[] }, code: string) =>
  report.currencies.find((line) => line.currency === code) as CurrencyLine | undefined;

describe('REPORTING_TIME_ZONE', () => {
  it('defaults to UTC and rejects a zone that does not exist', () => {
    const env = { DATABASE_URL: 'postgres://x@localhost/x', REDIS_URL: 'redis://x', KAFKA_BROKERS: 'x:1' };
    expect(loadConfig(env).REPORTING_TIME_ZONE).toBe('UTC');
    expect(loadConfig({ ...env, REPORTING_TIME_ZONE: 'Asia/Shanghai' }).REPORTING_TIME_ZONE).toBe(
      'Asia/Shanghai',
    );
    expect(() => loadConfig({ ...env, REPORTING_TIME_ZONE: 'Mars/Olympus' })).toThrow(/REPORTING_TIME_ZONE/);
  });

  it('aging as of 31 October ends at midnight in the reporting zone: a Shanghai payment dated 1 November counts only in UTC', async () => {
    // UTC: the payment at 2026-10-31T16:00Z is before the end of 31 October: S1 is paid; only O1 is open.
    const inUtc = currency((await utc.get('/v1/reports/aging?asOf=2026-10-31&currency=EUR')).body, 'EUR');
    expect(inUtc?.total).toEqual({ amount: '200.00', count: 1 });
    // Shanghai: 31 October ends at that very instant: S1 (due that day, current) is still open.
    const inShanghai = currency(
      (await shanghai.get('/v1/reports/aging?asOf=2026-10-31&currency=EUR')).body,
      'EUR',
    );
    expect(inShanghai?.total).toEqual({ amount: '300.00', count: 2 });
    expect(inShanghai?.buckets[0]).toEqual({ bucket: 'current', amount: '300.00', count: 2 });
  });

  it('a New York day after the DST change ends at 05:00Z, not 04:00Z', async () => {
    // N2 was paid at 04:30Z on 2 November: inside 1 November in New York (EST), after it in UTC.
    const inNewYork = (await newYork.get('/v1/reports/aging?asOf=2026-11-01&currency=USD')).body;
    expect(currency(inNewYork, 'USD')).toBeUndefined();
    const inUtc = currency((await utc.get('/v1/reports/aging?asOf=2026-11-01&currency=USD')).body, 'USD');
    expect(inUtc?.total).toEqual({ amount: '50.00', count: 1 });
  });

  it('the default asOf is today in the reporting zone', async () => {
    for (const ledger of [utc, shanghai, newYork]) ledger.clock.now = new Date('2026-10-31T17:00:00Z');
    expect((await utc.get('/v1/reports/aging')).body.asOf).toBe('2026-10-31');
    expect((await shanghai.get('/v1/reports/aging')).body.asOf).toBe('2026-11-01');
    expect((await newYork.get('/v1/reports/aging')).body.asOf).toBe('2026-10-31');
  });

  it('KPI periods follow the reporting zone; days late are the ledger’s own (the customer’s calendar)', async () => {
    const settled = (await utc.facts()).filter((fact) => fact.type === 'ledger.invoice.settled');
    const ledgerDaysLate = Object.fromEntries(
      settled.map((fact) => [fact.data.invoiceId, fact.data.daysLate]),
    );
    expect(ledgerDaysLate).toMatchObject({ S1: 1, N1: 0, N2: 0 });

    // UTC October: S1 was settled in it (16:00Z on 31 October), 1 day late as the ledger says.
    const octUtc = currency(
      (await utc.get('/v1/reports/kpis?from=2026-10-01&to=2026-10-31&currency=EUR')).body,
      'EUR',
    );
    expect(octUtc).toMatchObject({ settledInvoices: 1, averageDaysLate: '1.0000' });
    // Shanghai October: that payment belongs to November.
    const octShanghai = (await shanghai.get('/v1/reports/kpis?from=2026-10-01&to=2026-10-31&currency=EUR'))
      .body;
    expect(currency(octShanghai, 'EUR')).toMatchObject({ settledInvoices: 0, closingReceivables: '300.00' });
    const novShanghai = (await shanghai.get('/v1/reports/kpis?from=2026-11-01&to=2026-11-30&currency=EUR'))
      .body;
    // S1 (1 day late) and D1 (early: 0).
    expect(currency(novShanghai, 'EUR')).toMatchObject({ settledInvoices: 2, averageDaysLate: '0.5000' });

    // USD in November (UTC): N1 and N2 were both paid on their due day in New York: 0, not 1.
    const novUsd = currency(
      (await utc.get('/v1/reports/kpis?from=2026-11-01&to=2026-11-30&currency=USD')).body,
      'USD',
    );
    expect(novUsd).toMatchObject({
      settledInvoices: 2,
      averageDaysLate: '0.0000',
      averageDaysLateWeighted: '0.0000',
    });
  });
});

describe('KPIs: cancellations and discounts', () => {
  it('a cancelled invoice is no credit sale and its cancellation is not collected; discounts taken are reported', async () => {
    // UTC November, EUR:
    //   opening AR (end of 31 October) = O1 200.00 (S1 was paid at 16:00Z on 31 October)
    //   credit sales = D1 100.00 + E1 100.00 = 200.00 (C1 300.00 was cancelled in the period)
    //   cancelled = O1 200.00 (issued before the period, cancelled in it)
    //   closing AR = E1 100.00, all past due (due 10 November): closing current 0
    //   CEI = (200 + 200 − 200 − 100) / (200 + 200 − 200 − 0) × 100 = 50
    //     (with C1 as a sale and O1's cancellation as collected it would read (200 + 500 − 100) / 700 = 85.7143)
    //   DSO = 100 / 200 × 30 = 15; discounts taken = D1's 2.00
    const report = (await utc.get('/v1/reports/kpis?from=2026-11-01&to=2026-11-30&currency=EUR')).body;
    expect(currency(report, 'EUR')).toMatchObject({
      openingReceivables: '200.00',
      creditSales: '200.00',
      cancelled: '200.00',
      closingReceivables: '100.00',
      closingCurrent: '0.00',
      cei: '50.0000',
      dso: '15.0000',
      discountsTaken: '2.00',
      writtenOff: '0.00',
    });
    // October has no discount: D1's came on 10 November (Shanghai), i.e. 9 November 16:00Z.
    const october = (await utc.get('/v1/reports/kpis?from=2026-10-01&to=2026-10-31&currency=EUR')).body;
    expect(currency(october, 'EUR')?.discountsTaken).toBe('0.00');
  });
});
