import { adminAuth } from '@dunning/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InvoicesService } from '../src/service.ts';
import { type FixtureInvoice, seedLedger, startReportsService } from './reports-fixture.ts';

// Forecast as of 2028-02-29, 2 weeks: week 1 = 03-01..03-07, week 2 = 03-08..03-14. Reporting zone UTC.
// A (retail, DE, col-1, UTC) paid HA1–HA3 2, 4 and 6 days late → median 4; B (construction, JP, col-2) never
// paid: the portfolio's median, of [2, 4, 6] → 4. HA1 was paid at 20:00 UTC: 3 days late in Tokyo.
//   A1 EUR 100.00 due 03-01 + 4 = 03-05, week 1; A2 EUR 50.00 due 03-05 + 4 = 03-09, week 2;
//   B1 JPY 5000 due 03-01 + 4 = 03-05, week 1.
// Without customers' histories every delay would be 0 and A2 (03-05) would fall in week 1.
const customers = {
  A: { industry: 'retail', country: 'DE', collectorId: 'col-1' },
  B: { industry: 'construction', country: 'JP', collectorId: 'col-2' },
};

const invoices: FixtureInvoice[] = [
  ['HA1', '2028-01-10', '2028-01-12T20:00:00Z'],
  ['HA2', '2028-01-15', '2028-01-19'],
  ['HA3', '2028-01-20', '2028-01-26'],
].map(([id, dueDate, paidAt]) => ({
  id: id as string,
  customerId: 'A',
  currency: 'EUR',
  amount: '10.00',
  issueDate: '2027-12-10',
  dueDate: dueDate as string,
  entries: [{ kind: 'payment', amount: '10.00', at: paidAt as string }],
}));
invoices.push(
  {
    id: 'A1',
    customerId: 'A',
    currency: 'EUR',
    amount: '100.00',
    issueDate: '2028-02-01',
    dueDate: '2028-03-01',
  },
  {
    id: 'A2',
    customerId: 'A',
    currency: 'EUR',
    amount: '50.00',
    issueDate: '2028-02-05',
    dueDate: '2028-03-05',
  },
  {
    id: 'B1',
    customerId: 'B',
    currency: 'JPY',
    amount: '5000',
    issueDate: '2028-02-01',
    dueDate: '2028-03-01',
  },
);

describe('GET /v1/reports/forecast: filters, CSV and the payments it learns from', () => {
  let service: InvoicesService;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ service, close } = await startReportsService(new Date('2028-02-29T12:00:00Z')));
    for (const [id, profile] of Object.entries(customers)) {
      await service.host.pool.query('INSERT INTO customers (customer_id, profile) VALUES ($1, $2)', [
        id,
        {
          name: id,
          locale: 'en',
          timezone: 'UTC',
          industry: profile.industry,
          address: { line1: 'x', city: 'y', country: profile.country },
          paymentTermsDays: 30,
          collectorId: profile.collectorId,
        },
      ]);
    }
    await seedLedger(service, invoices);
  });
  afterAll(async () => close());

  async function get(query: string, headers: Record<string, string> = {}) {
    const response = await service.app.inject({
      headers: { ...adminAuth, ...headers },
      method: 'GET',
      url: `/v1/reports/forecast?asOf=2028-02-29&weeks=2${query}`,
    });
    expect(response.statusCode, response.body).toBe(200);
    return response;
  }

  /** "currency week amount" of the week rows, and the portfolio's median. */
  async function weeks(query = '') {
    const body = (await get(query)).json();
    return {
      portfolio: body.portfolioMedianDaysLate,
      weeks: body.rows
        .filter((row: { bucket: string }) => row.bucket === 'week')
        .map(
          (row: { currency: string; week: number; amount: string }) =>
            `${row.currency} ${row.week} ${row.amount}`,
        ),
    };
  }

  it("moves each due date by the customer's median days late", async () => {
    expect(await weeks()).toEqual({
      portfolio: 4,
      weeks: ['EUR 1 100.00', 'EUR 2 50.00', 'JPY 1 5000', 'JPY 2 0'],
    });
  });

  it("filters by the customers' industry, country and collector, and by currency", async () => {
    const currencies = async (query: string) => [
      ...new Set((await get(query)).json().rows.map((row: { currency: string }) => row.currency)),
    ];
    expect(await currencies('&industry=retail')).toEqual(['EUR']);
    expect(await currencies('&country=JP')).toEqual(['JPY']);
    expect(await currencies('&collectorId=col-2')).toEqual(['JPY']);
    expect(await currencies('&collectorId=col-1&currency=EUR')).toEqual(['EUR']);
    expect(await currencies('&collectorId=col-2&currency=EUR')).toEqual([]);
  });

  it('answers CSV to format=csv and to Accept: text/csv', async () => {
    const expected = [
      'asOf,lookbackDays,portfolioMedianDaysLate,currency,bucket,week,from,to,amount',
      '2028-02-29,180,4,EUR,week,1,2028-03-01,2028-03-07,100.00',
      '2028-02-29,180,4,EUR,week,2,2028-03-08,2028-03-14,50.00',
      '2028-02-29,180,4,EUR,later,,,,0.00',
      '2028-02-29,180,4,EUR,overdue-not-expected,,,,0.00',
      '2028-02-29,180,4,EUR,disputed,,,,0.00',
      '2028-02-29,180,4,EUR,open,,,,150.00',
      '',
    ].join('\r\n');
    for (const [query, headers] of [
      ['&currency=EUR&format=csv', {}],
      ['&currency=EUR', { accept: 'text/csv' }],
    ] as const) {
      const response = await get(query, headers);
      expect(response.headers['content-type']).toContain('text/csv');
      expect(response.headers['content-disposition']).toBe('attachment; filename="forecast-2028-02-29.csv"');
      expect(response.body).toBe(expected);
    }
  });

  it('learns from a payment booked now: an early one lowers the median', async () => {
    // HA4 paid 10 days early: A's days late [−10, 2, 4, 6] → lower median 2, the portfolio's too.
    // A1 03-03 and A2 03-07 are both in week 1; B1 03-03.
    await seedLedger(service, [
      {
        id: 'HA4',
        customerId: 'A',
        currency: 'EUR',
        amount: '10.00',
        issueDate: '2028-01-25',
        dueDate: '2028-02-25',
        entries: [{ kind: 'payment', amount: '10.00', at: '2028-02-15' }],
      },
    ]);
    expect(await weeks()).toEqual({
      portfolio: 2,
      weeks: ['EUR 1 150.00', 'EUR 2 0.00', 'JPY 1 5000', 'JPY 2 0'],
    });
  });

  it("recounts a customer's days late when their time zone changes", async () => {
    // In Tokyo HA1's payment falls on 01-13: [−10, 3, 4, 6] → median 3. A1 03-04 week 1, A2 03-08 week 2.
    await service.host.pool.query(
      `UPDATE customers SET profile = jsonb_set(profile, '{timezone}', '"Asia/Tokyo"') WHERE customer_id = 'A'`,
    );
    expect(await weeks()).toEqual({
      portfolio: 3,
      weeks: ['EUR 1 100.00', 'EUR 2 50.00', 'JPY 1 5000', 'JPY 2 0'],
    });
  });
});
