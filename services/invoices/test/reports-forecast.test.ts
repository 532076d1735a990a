import {
  createEvent,
  DUNNING_PROMISE_BROKEN,
  DUNNING_PROMISE_KEPT,
  DUNNING_PROMISE_RECORDED,
  type DunningEvent,
} from '@dunning/contracts';
import { adminAuth } from '@dunning/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandContext } from '../src/commands/command-context.ts';
import { dunningEventHandler } from '../src/consumers/dunning-events.consumer.ts';
import type { InvoicesService } from '../src/service.ts';
import { type FixtureInvoice, seedLedger, startReportsService } from './reports-fixture.ts';

// Forecast as of 2028-02-29 (the leap day, a month end), 4 weeks: week 1 = 03-01..03-07, week 2 = 03-08..03-14,
// week 3 = 03-15..03-21, week 4 = 03-22..03-28. Reporting zone UTC; the lookback is the 180 days up to the end of
// asOf (payments from 2027-09-03 on). Days late = payment day − due date.
//   A (EUR) paid 10, 12, 14 days late (HA1–HA3) and 5 days late (A2's part payment): [5, 10, 12, 14] → median 10.
//   B (JPY) paid once, 30 days late (HB1): too little history (< 3 payments), so B gets the portfolio's median.
//   C (KWD) never paid: the portfolio's median. Portfolio: [5, 10, 12, 14, 30] → lower median 12.
const invoices: FixtureInvoice[] = [
  {
    id: 'HA1',
    customerId: 'A',
    currency: 'EUR',
    amount: '100.00',
    issueDate: '2027-11-01',
    dueDate: '2027-12-01',
    entries: [{ kind: 'payment', amount: '100.00', at: '2027-12-11T10:00:00Z' }],
  },
  {
    id: 'HA2',
    customerId: 'A',
    currency: 'EUR',
    amount: '100.00',
    issueDate: '2027-12-01',
    dueDate: '2028-01-01',
    entries: [{ kind: 'payment', amount: '100.00', at: '2028-01-13' }],
  },
  {
    id: 'HA3',
    customerId: 'A',
    currency: 'EUR',
    amount: '100.00',
    issueDate: '2027-12-15',
    dueDate: '2028-01-15',
    entries: [{ kind: 'payment', amount: '100.00', at: '2028-01-29' }],
  },
  // Open 1000.00 as of asOf (paid in full on 03-05, after it): due 03-01 + 10 = 03-11, week 2.
  {
    id: 'A1',
    customerId: 'A',
    currency: 'EUR',
    amount: '1000.00',
    issueDate: '2028-02-01',
    dueDate: '2028-03-01',
    entries: [{ kind: 'payment', amount: '1000.00', at: '2028-03-05' }],
  },
  // 500.00 − 200.00 paid = 300.00 open: due 02-20 + 10 = 03-01, week 1.
  {
    id: 'A2',
    customerId: 'A',
    currency: 'EUR',
    amount: '500.00',
    issueDate: '2028-01-20',
    dueDate: '2028-02-20',
    entries: [{ kind: 'payment', amount: '200.00', at: '2028-02-25' }],
  },
  // Issued after asOf: not in the forecast.
  {
    id: 'A3',
    customerId: 'A',
    currency: 'EUR',
    amount: '900.00',
    issueDate: '2028-03-02',
    dueDate: '2028-03-05',
  },
  {
    id: 'HB1',
    customerId: 'B',
    currency: 'JPY',
    amount: '100',
    issueDate: '2027-12-10',
    dueDate: '2028-01-10',
    entries: [{ kind: 'payment', amount: '100', at: '2028-02-09' }],
  },
  // Due 03-10 + 12 = 03-22: week 4.
  {
    id: 'B1',
    customerId: 'B',
    currency: 'JPY',
    amount: '15000',
    issueDate: '2028-02-10',
    dueDate: '2028-03-10',
  },
  // Under an open dispute as of asOf: disputed.
  {
    id: 'B2',
    customerId: 'B',
    currency: 'JPY',
    amount: '7000',
    issueDate: '2028-01-01',
    dueDate: '2028-02-01',
  },
  // Due 2027-12-01 + 12 = 12-13, 78 days before asOf (more than 7): overdue, not expected.
  {
    id: 'B3',
    customerId: 'B',
    currency: 'JPY',
    amount: '3000',
    issueDate: '2027-11-01',
    dueDate: '2027-12-01',
  },
  // 1.234 open; the open promise P1 covers 1.000 on 03-06 (week 1), the rest 0.234 by the portfolio: 03-10, week 2.
  {
    id: 'C1',
    customerId: 'C',
    currency: 'KWD',
    amount: '1.234',
    issueDate: '2028-01-27',
    dueDate: '2028-02-27',
  },
  // Due 05-31 + 12 = 06-12, after the horizon and not yet due: later.
  {
    id: 'C2',
    customerId: 'C',
    currency: 'KWD',
    amount: '5.000',
    issueDate: '2028-02-01',
    dueDate: '2028-05-31',
  },
];

const context = {} as CommandContext; // the promise facts use nothing of the command context
const promise = (promiseId: string, invoiceIds: string[], promisedDate: string, amount: string) => ({
  promiseId,
  customerId: 'C',
  invoiceIds,
  promisedDate,
  amount,
  currency: 'KWD',
});

describe('GET /v1/reports/forecast', () => {
  let service: InvoicesService;
  let close: () => Promise<void>;
  const outcomes: string[] = [];

  async function deliver(event: DunningEvent) {
    const client = await service.host.pool.connect();
    try {
      await client.query('BEGIN');
      const outcome = await dunningEventHandler(context)(event, client, {} as never);
      await client.query('COMMIT');
      outcomes.push(`${(event.data as { promiseId: string }).promiseId} ${outcome.status}`);
    } finally {
      client.release();
    }
  }
  const event = (type: string, id: string, data: object) =>
    createEvent({ type, source: '/dunning', id, subject: 'C', data } as never) as DunningEvent;

  beforeAll(async () => {
    ({ service, close } = await startReportsService(new Date('2028-02-29T12:00:00Z')));
    await seedLedger(service, invoices);
    await service.host.pool.query(
      `INSERT INTO disputes (dispute_id, invoice_id, status, reason, opened_at, opened_source, resolved_at, resolved_source)
       VALUES ('D1', 'B2', 'open', 'goods damaged', '2028-02-05T00:00:00Z', 'test', NULL, NULL),
              ('D2', 'B3', 'rejected', 'price', '2028-01-05T00:00:00Z', 'test', '2028-02-01T00:00:00Z', 'test'),
              ('D3', 'B1', 'open', 'price', '2028-03-02T00:00:00Z', 'test', NULL, NULL)`,
    );
    const recorded = (id: string, data: object, recordedAt: string) =>
      event(DUNNING_PROMISE_RECORDED, id, { ...data, collectorId: 'col-1', recordedAt });
    const p1 = promise('P1', ['C1'], '2028-03-06', '1.000');
    const p2 = promise('P2', ['C2'], '2028-03-02', '5.000');
    const p3 = promise('P3', ['C2'], '2028-03-03', '5.000');
    const p4 = promise('P4', ['C2'], '2028-03-04', '5.000');
    await deliver(recorded('e1', p1, '2028-02-20T09:00:00Z'));
    await deliver(recorded('e1-again', p1, '2028-02-20T09:00:00Z')); // the same promise again: nothing
    await deliver(recorded('e2', p2, '2028-02-21T09:00:00Z'));
    await deliver(event(DUNNING_PROMISE_KEPT, 'e3', { ...p2, at: '2028-02-28T09:00:00Z' })); // kept before asOf
    await deliver(event(DUNNING_PROMISE_BROKEN, 'e4', { ...p2, at: '2028-02-28T10:00:00Z' })); // first outcome stays
    await deliver(recorded('e5', p3, '2028-03-01T00:00:01Z')); // recorded after asOf
    // P4's outcome comes before its record: entered broken, and its record changes nothing.
    await deliver(event(DUNNING_PROMISE_BROKEN, 'e6', { ...p4, at: '2028-02-27T00:00:00Z' }));
    await deliver(recorded('e7', p4, '2028-02-26T00:00:00Z'));
  });
  afterAll(async () => close());

  async function forecast(query: string) {
    const response = await service.app.inject({
      headers: adminAuth,
      method: 'GET',
      url: `/v1/reports/forecast${query}`,
    });
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  }

  it('keeps each promise once, with its first outcome', async () => {
    expect(outcomes).toEqual([
      'P1 applied',
      'P1 skipped',
      'P2 applied',
      'P2 applied',
      'P2 skipped',
      'P3 applied',
      'P4 applied',
      'P4 skipped',
    ]);
    const rows = await service.host.pool.query(
      'SELECT promise_id, status FROM payment_promises ORDER BY promise_id',
    );
    expect(rows.rows).toEqual([
      { promise_id: 'P1', status: 'open' },
      { promise_id: 'P2', status: 'kept' },
      { promise_id: 'P3', status: 'open' },
      { promise_id: 'P4', status: 'broken' },
    ]);
  });

  it('answers the forecast computed by hand, as flat rows per currency', async () => {
    const body = await forecast('?asOf=2028-02-29&weeks=4');
    expect(body.asOf).toBe('2028-02-29');
    expect(body.weeks).toBe(4);
    expect(body.portfolioMedianDaysLate).toBe(12);
    const table = body.rows.map((row: Record<string, unknown>) =>
      [row.currency, row.bucket, row.week, row.from, row.to, row.amount].join(' '),
    );
    expect(table).toEqual([
      'EUR week 1 2028-03-01 2028-03-07 300.00',
      'EUR week 2 2028-03-08 2028-03-14 1000.00',
      'EUR week 3 2028-03-15 2028-03-21 0.00',
      'EUR week 4 2028-03-22 2028-03-28 0.00',
      'EUR later    0.00',
      'EUR overdue-not-expected    0.00',
      'EUR disputed    0.00',
      'EUR open    1300.00',
      'JPY week 1 2028-03-01 2028-03-07 0',
      'JPY week 2 2028-03-08 2028-03-14 0',
      'JPY week 3 2028-03-15 2028-03-21 0',
      'JPY week 4 2028-03-22 2028-03-28 15000',
      'JPY later    0',
      'JPY overdue-not-expected    3000',
      'JPY disputed    7000',
      'JPY open    25000',
      'KWD week 1 2028-03-01 2028-03-07 1.000',
      'KWD week 2 2028-03-08 2028-03-14 0.234',
      'KWD week 3 2028-03-15 2028-03-21 0.000',
      'KWD week 4 2028-03-22 2028-03-28 0.000',
      'KWD later    5.000',
      'KWD overdue-not-expected    0.000',
      'KWD disputed    0.000',
      'KWD open    6.234',
    ]);
  });

  it('filters by currency and defaults to 13 weeks from today', async () => {
    const body = await forecast('?currency=JPY');
    expect(body.asOf).toBe('2028-02-29');
    expect(body.weeks).toBe(13);
    expect(new Set(body.rows.map((row: { currency: string }) => row.currency))).toEqual(new Set(['JPY']));
    expect(body.rows).toHaveLength(13 + 4);
  });

  it('rejects weeks outside 1..52 with the failing field', async () => {
    const response = await service.app.inject({
      headers: adminAuth,
      method: 'GET',
      url: '/v1/reports/forecast?weeks=53',
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('weeks');
  });
});
