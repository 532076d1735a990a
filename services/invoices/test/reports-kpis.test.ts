import { adminAuth } from '@dunning/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InvoicesService } from '../src/service.ts';
import { type FixtureInvoice, seedLedger, startReportsService } from './reports-fixture.ts';

// Period: February 2028, a leap month: from 2028-02-01 to 2028-02-29, days = 29.
// Opening AR = open balances at the end of 2028-01-31; closing AR = open balances at the end of 2028-02-29.
const invoices: FixtureInvoice[] = [
  // EUR
  {
    id: 'A1', // open 1000.00 at the start; paid in full 10 days late (Feb 19 − Feb 9)
    customerId: 'A',
    currency: 'EUR',
    amount: '1000.00',
    issueDate: '2028-01-10',
    dueDate: '2028-02-09',
    entries: [{ kind: 'payment', amount: '1000.00', at: '2028-02-19T10:00:00Z' }],
  },
  {
    id: 'A2', // open 500.00 at the start; 200.00 paid, 300.00 left and past due at the end
    customerId: 'A',
    currency: 'EUR',
    amount: '500.00',
    issueDate: '2028-01-20',
    dueDate: '2028-02-19',
    entries: [{ kind: 'payment', amount: '200.00', at: '2028-02-25' }],
  },
  // issued in the period, not due until March: closing current
  {
    id: 'A3',
    customerId: 'B',
    currency: 'EUR',
    amount: '2000.00',
    issueDate: '2028-02-05',
    dueDate: '2028-03-06',
  },
  {
    id: 'A4', // issued in the period, paid on its due date: 0 days late
    customerId: 'B',
    currency: 'EUR',
    amount: '300.00',
    issueDate: '2028-02-10',
    dueDate: '2028-02-20',
    entries: [{ kind: 'payment', amount: '300.00', at: '2028-02-20T23:00:00Z' }],
  },
  {
    id: 'A5', // open 400.00 at the start; written off in the period (not "settled")
    customerId: 'C',
    currency: 'EUR',
    amount: '400.00',
    issueDate: '2027-10-01',
    dueDate: '2027-10-31',
    entries: [{ kind: 'write-off', amount: '400.00', at: '2028-02-29T18:00:00Z' }],
  },
  // issued and due on the leap day, the last day of the period: current at the end
  {
    id: 'A6',
    customerId: 'C',
    currency: 'EUR',
    amount: '100.00',
    issueDate: '2028-02-29',
    dueDate: '2028-02-29',
  },
  {
    id: 'A7', // paid before the period: in nothing
    customerId: 'C',
    currency: 'EUR',
    amount: '250.00',
    issueDate: '2027-12-01',
    dueDate: '2027-12-31',
    entries: [{ kind: 'payment', amount: '250.00', at: '2028-01-15' }],
  },
  {
    id: 'A8', // paid at midnight after the period: open and past due at both ends
    customerId: 'D',
    currency: 'EUR',
    amount: '600.00',
    issueDate: '2028-01-05',
    dueDate: '2028-01-31',
    entries: [{ kind: 'payment', amount: '600.00', at: '2028-03-01T00:00:00Z' }],
  },
  // issued after the period: in nothing
  {
    id: 'A9',
    customerId: 'D',
    currency: 'EUR',
    amount: '999.99',
    issueDate: '2028-03-01',
    dueDate: '2028-03-31',
  },
  // JPY: one invoice open at the start, paid on the last second of the period, 29 days late (Feb 29 − Jan 31)
  {
    id: 'J1',
    customerId: 'E',
    currency: 'JPY',
    amount: '10000',
    issueDate: '2028-01-01',
    dueDate: '2028-01-31',
    entries: [{ kind: 'payment', amount: '10000', at: '2028-02-29T23:59:59Z' }],
  },
  // KWD: issued in the period, 0.001 credited, 1.000 left past due
  {
    id: 'K1',
    customerId: 'E',
    currency: 'KWD',
    amount: '1.001',
    issueDate: '2028-02-01',
    dueDate: '2028-02-15',
    entries: [{ kind: 'credit', amount: '0.001', at: '2028-02-10' }],
  },
];

describe('GET /v1/reports/kpis', () => {
  let service: InvoicesService;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ service, close } = await startReportsService(new Date('2028-03-15T00:00:00Z')));
    await seedLedger(service, invoices);
  });
  afterAll(async () => close());

  async function get(url: string) {
    const response = await service.app.inject({ headers: adminAuth, method: 'GET', url });
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  }

  it('computes every KPI per currency for a leap February', async () => {
    const report = await get('/v1/reports/kpis?from=2028-02-01&to=2028-02-29');
    expect(report.from).toBe('2028-02-01');
    expect(report.to).toBe('2028-02-29');
    expect(report.currencies).toEqual([
      // EUR
      //   opening AR = A1 1000 + A2 500 + A5 400 + A8 600 = 2500.00
      //   credit sales = A3 2000 + A4 300 + A6 100 = 2400.00 (A9 is issued in March)
      //   closing AR = A2 300 + A3 2000 + A6 100 + A8 600 = 3000.00
      //   closing current = A3 2000 + A6 100 (due on 02-29: not past due) = 2100.00; overdue = 900.00
      //   written off = A5 400.00
      //   DSO = 3000 / 2400 × 29 = 36.25
      //   AR turnover = 2400 / ((2500 + 3000) / 2) = 2400 / 2750 = 0.872727… → 0.8727
      //   overdue ratio = 900 / 3000 = 0.3
      //   CEI = (2500 + 2400 − 3000) / (2500 + 2400 − 2100) × 100 = 1900 / 2800 × 100 = 67.857142… → 67.8571
      //     (1900 = collected 1000 + 200 + 300 + written off 400)
      //   bad-debt rate = 400 / (2500 + 2400) = 0.081632… → 0.0816
      //   settled: A1 (10 days late, 1000.00) and A4 (0 days, 300.00); A5 was written off
      //   days late: simple (10 + 0) / 2 = 5; weighted (1000 × 10 + 300 × 0) / 1300 = 7.692307… → 7.6923
      {
        currency: 'EUR',
        days: 29,
        openingReceivables: '2500.00',
        closingReceivables: '3000.00',
        closingCurrent: '2100.00',
        closingOverdue: '900.00',
        creditSales: '2400.00',
        writtenOff: '400.00',
        cancelled: '0.00',
        discountsTaken: '0.00',
        dso: '36.2500',
        arTurnover: '0.8727',
        overdueRatio: '0.3000',
        cei: '67.8571',
        badDebtRate: '0.0816',
        settledInvoices: 2,
        averageDaysLate: '5.0000',
        averageDaysLateWeighted: '7.6923',
      },
      // JPY: opening 10000, no sales, closing 0.
      //   DSO = 0 / 0 → null; AR turnover = 0 / ((10000 + 0) / 2) = 0; overdue ratio = 0 / 0 → null
      //   CEI = (10000 + 0 − 0) / (10000 + 0 − 0) × 100 = 100; bad-debt rate = 0 / 10000 = 0
      //   J1 settled 29 days late (2028-02-29 − 2028-01-31): both averages 29
      {
        currency: 'JPY',
        days: 29,
        openingReceivables: '10000',
        closingReceivables: '0',
        closingCurrent: '0',
        closingOverdue: '0',
        creditSales: '0',
        writtenOff: '0',
        cancelled: '0',
        discountsTaken: '0',
        dso: null,
        arTurnover: '0.0000',
        overdueRatio: null,
        cei: '100.0000',
        badDebtRate: '0.0000',
        settledInvoices: 1,
        averageDaysLate: '29.0000',
        averageDaysLateWeighted: '29.0000',
      },
      // KWD: opening 0, sales 1.001, closing 1.000 all past due (due 02-15).
      //   DSO = 1.000 / 1.001 × 29 = 28.971028… → 28.9710
      //   AR turnover = 1.001 / ((0 + 1.000) / 2) = 2.002 → 2.0020
      //   overdue ratio = 1.000 / 1.000 = 1
      //   CEI = (0 + 1.001 − 1.000) / (0 + 1.001 − 0) × 100 = 0.001 / 1.001 × 100 = 0.0999000… → 0.0999
      //   nothing settled: averages null
      {
        currency: 'KWD',
        days: 29,
        openingReceivables: '0.000',
        closingReceivables: '1.000',
        closingCurrent: '0.000',
        closingOverdue: '1.000',
        creditSales: '1.001',
        writtenOff: '0.000',
        cancelled: '0.000',
        discountsTaken: '0.000',
        dso: '28.9710',
        arTurnover: '2.0020',
        overdueRatio: '1.0000',
        cei: '0.0999',
        badDebtRate: '0.0000',
        settledInvoices: 0,
        averageDaysLate: null,
        averageDaysLateWeighted: null,
      },
    ]);
  });

  it('takes opening and closing AR from the same balances as the aging report', async () => {
    const kpis = await get('/v1/reports/kpis?from=2028-02-01&to=2028-02-29&currency=EUR');
    const opening = await get('/v1/reports/aging?asOf=2028-01-31&currency=EUR');
    const closing = await get('/v1/reports/aging?asOf=2028-02-29&currency=EUR');
    expect(kpis.currencies).toHaveLength(1);
    expect(kpis.currencies[0].openingReceivables).toBe(opening.currencies[0].total.amount);
    expect(kpis.currencies[0].closingReceivables).toBe(closing.currencies[0].total.amount);
    // "current" in the aging report is the KPIs' closing current: A3 and A6.
    expect(closing.currencies[0].buckets[0]).toEqual({ bucket: 'current', amount: '2100.00', count: 2 });
  });

  it('counts a one-day period', async () => {
    // 2028-02-29 alone: sales A6 100.00; opening (end of 02-28) = A2 500 (paid 200 on 02-25 → 300) + A3 2000
    // + A5 400 + A8 600 = 3300.00; closing = 3000.00 (A5 written off that evening).
    // DSO = 3000 / 100 × 1 = 30; bad-debt rate = 400 / (3300 + 100) = 0.117647… → 0.1176
    const report = await get('/v1/reports/kpis?from=2028-02-29&to=2028-02-29&currency=EUR');
    expect(report.currencies[0]).toMatchObject({
      days: 1,
      openingReceivables: '3300.00',
      closingReceivables: '3000.00',
      creditSales: '100.00',
      dso: '30.0000',
      badDebtRate: '0.1176',
      settledInvoices: 0,
    });
  });

  it('is documented at /docs with its parameters and the definition of each KPI', async () => {
    const docs = (await get('/docs/json')) as {
      paths: Record<string, { get?: { description?: string; parameters?: { name: string }[] } }>;
    };
    const kpis = docs.paths['/v1/reports/kpis']?.get;
    const aging = docs.paths['/v1/reports/aging']?.get;
    expect(kpis?.parameters?.map((parameter) => parameter.name).sort()).toEqual([
      'collectorId',
      'country',
      'currency',
      'format',
      'from',
      'industry',
      'to',
    ]);
    expect(kpis?.description).toContain('CEI = (opening AR + credit sales − cancelled − closing');
    expect(aging?.parameters?.map((parameter) => parameter.name).sort()).toEqual([
      'asOf',
      'buckets',
      'byCustomer',
      'collectorId',
      'country',
      'currency',
      'customerId',
      'format',
      'industry',
      'limit',
    ]);
  });

  it.each([
    ['a period that ends before it starts', '?from=2028-03-01&to=2028-02-29', 'to'],
    ['a missing end', '?from=2028-03-01', 'to'],
    ['a date that does not exist', '?from=2027-02-29&to=2027-03-31', 'from'],
    ['an unknown currency', '?from=2028-02-01&to=2028-02-29&currency=eur', 'currency'],
  ])('answers 400 for %s', async (_case, query, field) => {
    const response = await service.app.inject({
      headers: adminAuth,
      method: 'GET',
      url: `/v1/reports/kpis${query}`,
    });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.body).toContain(field);
  });
});

describe('GET /v1/reports/kpis near the bigint limit', () => {
  let service: InvoicesService;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ service, close } = await startReportsService(new Date('2028-05-15T00:00:00Z')));
    // Each amount fits a bigint of minor units, as every accepted amount does; their sums and
    // amount × days late do not (the weighted days late was a 500: "bigint out of range").
    await seedLedger(service, [
      {
        id: 'W1', // paid 100 days late (2028-04-30 − 2028-01-21)
        customerId: 'W',
        currency: 'KRW',
        amount: '9000000000000000000',
        issueDate: '2028-01-01',
        dueDate: '2028-01-21',
        entries: [{ kind: 'payment', amount: '9000000000000000000', at: '2028-04-30T12:00:00Z' }],
      },
      ...['W2', 'W3'].map((id) => ({
        id,
        customerId: 'W',
        currency: 'KRW',
        amount: '9000000000000000000',
        issueDate: '2028-04-01',
        dueDate: '2028-06-01',
      })),
    ]);
  });
  afterAll(async () => close());

  it('reports sums and weighted days late beyond a bigint exactly', async () => {
    const response = await service.app.inject({
      headers: adminAuth,
      method: 'GET',
      url: '/v1/reports/kpis?from=2028-04-01&to=2028-04-30',
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().currencies[0]).toMatchObject({
      currency: 'KRW',
      openingReceivables: '9000000000000000000',
      creditSales: '18000000000000000000',
      closingReceivables: '18000000000000000000',
      settledInvoices: 1,
      averageDaysLate: '100.0000',
      averageDaysLateWeighted: '100.0000',
    });
  });

  it('answers the aging report and the statement with totals beyond a bigint', async () => {
    for (const url of [
      '/v1/reports/aging?asOf=2028-04-30',
      '/v1/customers/W/statement?from=2028-01-01&to=2028-04-30',
    ]) {
      const response = await service.app.inject({ headers: adminAuth, method: 'GET', url });
      expect(response.statusCode, `${url}: ${response.body}`).toBe(200);
      expect(response.body, url).toContain('18000000000000000000');
    }
  });
});
