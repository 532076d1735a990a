import { adminAuth } from '@dunning/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InvoicesService } from '../src/service.ts';
import { type FixtureInvoice, seedLedger, startReportsService } from './reports-fixture.ts';

// The report is taken as of 2028-03-31 (a month end of a leap year: February 2028 has 29 days).
// Days past due = 2028-03-31 − dueDate, counted on the calendar:
//   due 2028-03-31 →  0 (current)     due 2028-03-30 →  1 (1-30)    due 2028-03-01 → 30 (1-30)
//   due 2028-02-29 → 31 (31-60, the leap day: 29 − 29 = 0 days of Feb left + 31 of March)
//   due 2028-02-14 → 46 (31-60: 15 days of Feb after the 14th + 31)
//   due 2028-01-31 → 60 (31-60: 29 + 31)   due 2028-01-30 → 61 (61-90: 1 + 29 + 31)
//   due 2028-01-01 → 90 (61-90: 30 + 29 + 31)   due 2027-12-31 → 91 (90+: 90 + 1)
//   due 2027-09-30 → 183 (90+: Oct 31 + Nov 30 + Dec 31 + Jan 31 + Feb 29 + Mar 31)
const invoices: FixtureInvoice[] = [
  // EUR, customer A
  {
    id: 'E2',
    customerId: 'A',
    currency: 'EUR',
    amount: '250.50',
    issueDate: '2028-02-01',
    dueDate: '2028-03-30',
  },
  {
    id: 'E7',
    customerId: 'A',
    currency: 'EUR',
    amount: '90.00',
    issueDate: '2027-12-01',
    dueDate: '2028-01-01',
  },
  {
    id: 'E9', // fully paid before asOf: not open
    customerId: 'A',
    currency: 'EUR',
    amount: '500.00',
    issueDate: '2028-03-01',
    dueDate: '2028-03-31',
    entries: [{ kind: 'payment', amount: '500.00', at: '2028-03-15' }],
  },
  // issued after asOf: not in the report
  {
    id: 'E12',
    customerId: 'A',
    currency: 'EUR',
    amount: '800.00',
    issueDate: '2028-04-01',
    dueDate: '2028-04-30',
  },
  // EUR, customer B
  {
    id: 'E3', // 400.00 − 150.25 = 249.75 open, 30 days past due
    customerId: 'B',
    currency: 'EUR',
    amount: '400.00',
    issueDate: '2028-02-01',
    dueDate: '2028-03-01',
    entries: [{ kind: 'payment', amount: '150.25', at: '2028-03-10T09:00:00Z' }],
  },
  {
    id: 'E4',
    customerId: 'B',
    currency: 'EUR',
    amount: '300.00',
    issueDate: '2028-01-30',
    dueDate: '2028-02-29',
  },
  {
    id: 'E10', // written off on 2028-03-20: open as of 03-05, gone as of 03-31
    customerId: 'B',
    currency: 'EUR',
    amount: '600.00',
    issueDate: '2027-10-01',
    dueDate: '2027-10-31',
    entries: [{ kind: 'write-off', amount: '600.00', at: '2028-03-20' }],
  },
  {
    id: 'E13', // the payment one second before the end of asOf counts; the one at midnight after does not
    customerId: 'B',
    currency: 'EUR',
    amount: '100.00',
    issueDate: '2028-03-01',
    dueDate: '2028-03-31',
    entries: [
      { kind: 'payment', amount: '40.00', at: '2028-03-31T23:59:59Z' },
      { kind: 'payment', amount: '60.00', at: '2028-04-01T00:00:00Z' },
    ],
  },
  {
    id: 'P', // partially paid, straddling buckets over time (see the 2028-03-05 report below)
    customerId: 'B',
    currency: 'EUR',
    amount: '1000.00',
    issueDate: '2028-01-15',
    dueDate: '2028-02-14',
    entries: [
      { kind: 'payment', amount: '400.00', at: '2028-03-10' },
      { kind: 'credit', amount: '100.00', at: '2028-03-20' },
    ],
  },
  // EUR, customer C
  {
    id: 'E5',
    customerId: 'C',
    currency: 'EUR',
    amount: '120.00',
    issueDate: '2027-12-31',
    dueDate: '2028-01-31',
  },
  {
    id: 'E6',
    customerId: 'C',
    currency: 'EUR',
    amount: '75.25',
    issueDate: '2027-12-01',
    dueDate: '2028-01-30',
  },
  {
    id: 'E8',
    customerId: 'C',
    currency: 'EUR',
    amount: '1234.56',
    issueDate: '2027-11-30',
    dueDate: '2027-12-31',
  },
  {
    id: 'E11', // cancelled: not open
    customerId: 'C',
    currency: 'EUR',
    amount: '700.00',
    issueDate: '2028-02-01',
    dueDate: '2028-03-02',
    entries: [{ kind: 'cancellation', amount: '700.00', at: '2028-03-05' }],
  },
  // JPY (no decimals) and KWD (3 decimals), customer D
  {
    id: 'J1', // 150000 − 49999 = 100001, due on the leap day: 31 days
    customerId: 'D',
    currency: 'JPY',
    amount: '150000',
    issueDate: '2028-02-01',
    dueDate: '2028-02-29',
    entries: [{ kind: 'payment', amount: '49999', at: '2028-03-01' }],
  },
  { id: 'J2', customerId: 'D', currency: 'JPY', amount: '5', issueDate: '2028-03-31', dueDate: '2028-03-31' },
  {
    id: 'K1',
    customerId: 'D',
    currency: 'KWD',
    amount: '1.234',
    issueDate: '2027-09-01',
    dueDate: '2027-09-30',
  },
  {
    id: 'K2',
    customerId: 'D',
    currency: 'KWD',
    amount: '0.005',
    issueDate: '2028-03-01',
    dueDate: '2028-04-15',
  },
  {
    id: 'K3', // 10.000 − 2.001 = 7.999, 60 days
    customerId: 'D',
    currency: 'KWD',
    amount: '10.000',
    issueDate: '2028-01-01',
    dueDate: '2028-01-31',
    entries: [{ kind: 'credit', amount: '2.001', at: '2028-02-15' }],
  },
];

const bucket = (label: string, amount: string, count: number) => ({ bucket: label, amount, count });

describe('GET /v1/reports/aging', () => {
  let service: InvoicesService;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ service, close } = await startReportsService(new Date('2028-03-31T15:00:00Z')));
    // E1 goes through the ledger's own command: EUR 1000.00 due on asOf, so current.
    const created = await service.app.inject({
      headers: adminAuth,
      method: 'POST',
      url: '/v1/invoices',
      payload: {
        invoiceId: 'E1',
        customerId: 'A',
        number: 'E1',
        currency: 'EUR',
        amount: '1000.00',
        issueDate: '2028-03-01',
        dueDate: '2028-03-31',
      },
    });
    expect(created.statusCode).toBe(201);
    await seedLedger(service, invoices);
  });
  afterAll(async () => close());

  async function aging(query: string) {
    const response = await service.app.inject({
      headers: adminAuth,
      method: 'GET',
      url: `/v1/reports/aging${query}`,
    });
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  }

  // EUR as of 2028-03-31:
  //   current: E1 1000.00 + E13 (100.00 − 40.00) 60.00                = 1060.00 (2)
  //   1-30:    E2 250.50 (1 day) + E3 249.75 (30 days)                  =  500.25 (2)
  //   31-60:   E4 300.00 (31) + P (1000 − 400 − 100) 500.00 (46) + E5 120.00 (60) = 920.00 (3)
  //   61-90:   E6 75.25 (61) + E7 90.00 (90)                            =  165.25 (2)
  //   90+:     E8 1234.56 (91)                                          = 1234.56 (1)
  //   total:   1060.00 + 500.25 + 920.00 + 165.25 + 1234.56 = 3880.06 (10); E9, E10, E11, E12 left out.
  // JPY: current J2 5 (issued on asOf); 31-60 J1 100001; total 100006 (2).
  // KWD: current K2 0.005; 31-60 K3 7.999; 90+ K1 1.234 (183 days); total 9.238 (3).
  const eur = {
    currency: 'EUR',
    buckets: [
      bucket('current', '1060.00', 2),
      bucket('1-30', '500.25', 2),
      bucket('31-60', '920.00', 3),
      bucket('61-90', '165.25', 2),
      bucket('90+', '1234.56', 1),
    ],
    total: { amount: '3880.06', count: 10 },
  };
  const jpy = {
    currency: 'JPY',
    buckets: [
      bucket('current', '5', 1),
      bucket('1-30', '0', 0),
      bucket('31-60', '100001', 1),
      bucket('61-90', '0', 0),
      bucket('90+', '0', 0),
    ],
    total: { amount: '100006', count: 2 },
  };
  const kwd = {
    currency: 'KWD',
    buckets: [
      bucket('current', '0.005', 1),
      bucket('1-30', '0.000', 0),
      bucket('31-60', '7.999', 1),
      bucket('61-90', '0.000', 0),
      bucket('90+', '1.234', 1),
    ],
    total: { amount: '9.238', count: 3 },
  };

  it('buckets every currency as of a month end in a leap year', async () => {
    expect(await aging('?asOf=2028-03-31')).toEqual({ asOf: '2028-03-31', currencies: [eur, jpy, kwd] });
  });

  it('is as of today (UTC, from the service clock) when asOf is left out', async () => {
    expect(await aging('')).toEqual({ asOf: '2028-03-31', currencies: [eur, jpy, kwd] });
  });

  it('keeps to one currency', async () => {
    expect(await aging('?asOf=2028-03-31&currency=KWD')).toEqual({ asOf: '2028-03-31', currencies: [kwd] });
  });

  it('drills down to one customer', async () => {
    // C: E5 120.00 (60 days), E6 75.25 (61), E8 1234.56 (91); E11 is cancelled. Total 1429.81 (3).
    expect(await aging('?asOf=2028-03-31&customerId=C')).toEqual({
      asOf: '2028-03-31',
      currencies: [
        {
          currency: 'EUR',
          buckets: [
            bucket('current', '0.00', 0),
            bucket('1-30', '0.00', 0),
            bucket('31-60', '120.00', 1),
            bucket('61-90', '75.25', 1),
            bucket('90+', '1234.56', 1),
          ],
          total: { amount: '1429.81', count: 3 },
        },
      ],
    });
  });

  it('lists the customers owing the most, each with its buckets', async () => {
    // EUR owed by customer: C 1429.81; A 1000.00 + 250.50 + 90.00 = 1340.50; B 249.75 + 300.00 + 60.00 + 500.00
    // = 1109.75 (A + B + C = 3880.06). The top two are C then A.
    const report = await aging('?asOf=2028-03-31&currency=EUR&byCustomer=true&limit=2');
    expect(report.currencies[0].total).toEqual(eur.total);
    expect(report.currencies[0].customers).toEqual([
      {
        customerId: 'C',
        buckets: [
          bucket('current', '0.00', 0),
          bucket('1-30', '0.00', 0),
          bucket('31-60', '120.00', 1),
          bucket('61-90', '75.25', 1),
          bucket('90+', '1234.56', 1),
        ],
        total: { amount: '1429.81', count: 3 },
      },
      {
        customerId: 'A',
        buckets: [
          bucket('current', '1000.00', 1),
          bucket('1-30', '250.50', 1),
          bucket('31-60', '0.00', 0),
          bucket('61-90', '90.00', 1),
          bucket('90+', '0.00', 0),
        ],
        total: { amount: '1340.50', count: 3 },
      },
    ]);
  });

  it('uses the balance and the bucket of the day asked for', async () => {
    // B as of 2028-03-05, before its payments, credit and write-off:
    //   current: E13 100.00 (due 03-31)
    //   1-30:    E3 400.00 (4 days) + E4 300.00 (5 days: Feb 29 → Mar 5) + P 1000.00 (20 days: 15 + 5) = 1700.00
    //   90+:     E10 600.00 (126 days: Nov 30 + Dec 31 + Jan 31 + Feb 29 + 5), written off only on 03-20
    // P straddles: 1000.00 in 1-30 here, 500.00 in 31-60 as of 03-31.
    const report = await aging('?asOf=2028-03-05&customerId=B');
    expect(report.currencies).toEqual([
      {
        currency: 'EUR',
        buckets: [
          bucket('current', '100.00', 1),
          bucket('1-30', '1700.00', 3),
          bucket('31-60', '0.00', 0),
          bucket('61-90', '0.00', 0),
          bucket('90+', '600.00', 1),
        ],
        total: { amount: '2400.00', count: 5 },
      },
    ]);
  });

  it('is empty before anything was issued', async () => {
    expect(await aging('?asOf=2027-01-01')).toEqual({ asOf: '2027-01-01', currencies: [] });
  });

  it.each([
    ['a date that does not exist', '?asOf=2027-02-29', 'asOf'],
    ['an unknown currency', '?currency=XXY', 'currency'],
    ['an unknown parameter', '?asof=2028-03-31', 'asof'],
    ['a limit above 1000', '?byCustomer=true&limit=1001', 'limit'],
  ])('answers 400 for %s', async (_case, query, field) => {
    const response = await service.app.inject({
      headers: adminAuth,
      method: 'GET',
      url: `/v1/reports/aging${query}`,
    });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.body).toContain(field);
  });
});
