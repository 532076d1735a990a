import { adminAuth } from '@dunning/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customer, invoice, type LedgerUnderTest, startLedger } from './ledger-harness.ts';

let ledger: LedgerUnderTest;
beforeAll(async () => {
  ledger = await startLedger({ prefix: 'discount' });
  for (const [id, zone] of [
    ['c-sh', 'Asia/Shanghai'],
    ['c-ny', 'America/New_York'],
  ] as const) {
    await ledger.service.app.inject({
      method: 'PUT',
      url: `/v1/customers/${id}`,
      headers: adminAuth,
      payload: customer(zone),
    });
  }
});
afterAll(() => ledger.close());

const twoTen = { percent: '2', days: 10 };
const discounted = (id: string, customerId: string, amount: string, currency: string, discount = twoTen) => ({
  ...invoice(id, customerId, amount, currency),
  discount,
});
const pay = (
  paymentId: string,
  target: Record<string, string>,
  amount: string,
  currency: string,
  receivedAt: string,
) => ledger.post('/v1/payments', { paymentId, ...target, amount, currency, receivedAt });
const factsAbout = async (subject: string) =>
  (await ledger.facts()).filter((fact) => fact.subject === subject);

describe('early-payment discount (2/10 net 30, issued 2026-10-01)', () => {
  it('98.00 on the last day of the window settles 100.00: the rest is a discount entry and the invoice is paid', async () => {
    const issued = await ledger.post('/v1/invoices', discounted('i-in', 'c-sh', '100.00', 'EUR'));
    // The view says what settles the invoice and until when: the end of 11 October in Shanghai.
    expect(issued.body.discount).toEqual({
      percent: '2',
      days: 10,
      until: '2026-10-11T16:00:00.000Z',
      amount: '98.00',
    });
    const paid = await pay('p-in', { invoiceId: 'i-in' }, '98.00', 'EUR', '2026-10-11');
    expect(paid.status).toBe(201);
    expect(paid.body).toMatchObject({
      unapplied: '0.00',
      applications: [{ invoiceId: 'i-in', amount: '98.00', discount: '2.00' }],
    });
    const view = (await ledger.get('/v1/invoices/i-in')).body;
    expect(view).toMatchObject({ balance: '0.00', status: 'paid' });
    expect(view.timeline.map((item: { what: string; amount: string }) => [item.what, item.amount])).toEqual([
      ['issue', '100.00'],
      ['discount', '-2.00'],
      ['payment', '-98.00'],
    ]);
    const facts = await factsAbout('i-in');
    expect(facts.map((fact) => [fact.type, fact.data.cause ?? fact.data.how])).toEqual([
      ['ledger.invoice.issued', undefined],
      ['ledger.invoice.balance-changed', 'discount'],
      ['ledger.invoice.balance-changed', 'payment'],
      ['ledger.invoice.settled', 'paid'],
    ]);
    // The discount comes off first, so the payment settles: no consumer sees a part-payment.
    expect(facts[1]?.data).toMatchObject({ previousBalance: '100.00', balance: '98.00', sourceId: 'p-in' });
    expect(facts[2]?.data).toMatchObject({ previousBalance: '98.00', balance: '0.00', sourceId: 'p-in' });
    expect(facts[3]?.data).toMatchObject({ settledAt: '2026-10-10T16:00:00.000Z', daysLate: -20 });
    const received = (await ledger.facts()).find((fact) => fact.subject === 'p-in');
    expect(received?.data.applications).toEqual([
      { invoiceId: 'i-in', amount: '98.00', daysLate: -20, discount: '2.00' },
    ]);

    const statement = (await ledger.get('/v1/customers/c-sh/statement')).body;
    expect(statement.discounts).toContainEqual({
      invoiceId: 'i-in',
      currency: 'EUR',
      amount: '2.00',
      paymentId: 'p-in',
      occurredAt: '2026-10-10T16:00:00.000Z',
    });
    expect(statement.totals.find((line: { currency: string }) => line.currency === 'EUR').discounts).toBe(
      '2.00',
    );
  });

  it('the day after the window the full amount is owed: 98.00 leaves 2.00 open', async () => {
    await ledger.post('/v1/invoices', discounted('i-late', 'c-sh', '100.00', 'EUR'));
    const paid = await pay('p-late', { invoiceId: 'i-late' }, '98.00', 'EUR', '2026-10-12');
    expect(paid.body.applications).toEqual([{ invoiceId: 'i-late', amount: '98.00', daysLate: -19 }]);
    expect((await ledger.get('/v1/invoices/i-late')).body).toMatchObject({ balance: '2.00', status: 'open' });
    // The statement's open item still shows the terms it had.
    const statement = (await ledger.get('/v1/customers/c-sh/statement')).body;
    const item = statement.openItems.find((open: { invoiceId: string }) => open.invoiceId === 'i-late');
    expect(item).toMatchObject({
      balance: '2.00',
      discount: { until: '2026-10-11T16:00:00.000Z', amount: '98.00' },
    });
    expect((await factsAbout('i-late')).map((fact) => fact.type)).not.toContain('ledger.invoice.settled');
  });

  it('the window ends at midnight in the customer zone: 23:59 New York time on day 10 is in time', async () => {
    await ledger.post('/v1/invoices', discounted('i-ny', 'c-ny', '20.00', 'USD'));
    // 2026-10-12T03:59Z is 23:59 on Oct 11 in New York (EDT).
    await pay('p-ny', { invoiceId: 'i-ny' }, '19.60', 'USD', '2026-10-12T03:59:00Z');
    expect((await ledger.get('/v1/invoices/i-ny')).body).toMatchObject({ balance: '0.00', status: 'paid' });
    await ledger.post('/v1/invoices', discounted('i-ny-late', 'c-ny', '20.00', 'USD'));
    await pay('p-ny-late', { invoiceId: 'i-ny-late' }, '19.60', 'USD', '2026-10-12T04:00:00Z');
    expect((await ledger.get('/v1/invoices/i-ny-late')).body.balance).toBe('0.40');
  });

  it('partial payments inside the window add up; one after the window does not count', async () => {
    await ledger.post('/v1/invoices', discounted('i-parts', 'c-sh', '100.00', 'EUR'));
    await pay('p-parts-1', { invoiceId: 'i-parts' }, '50.00', 'EUR', '2026-10-03');
    expect((await ledger.get('/v1/invoices/i-parts')).body.balance).toBe('50.00');
    const second = await pay('p-parts-2', { invoiceId: 'i-parts' }, '48.00', 'EUR', '2026-10-10');
    expect(second.body.applications[0]).toMatchObject({ amount: '48.00', discount: '2.00' });
    expect((await ledger.get('/v1/invoices/i-parts')).body.status).toBe('paid');

    await ledger.post('/v1/invoices', discounted('i-parts-late', 'c-sh', '100.00', 'EUR'));
    await pay('p-parts-late-1', { invoiceId: 'i-parts-late' }, '50.00', 'EUR', '2026-10-03');
    await pay('p-parts-late-2', { invoiceId: 'i-parts-late' }, '48.00', 'EUR', '2026-10-15');
    expect((await ledger.get('/v1/invoices/i-parts-late')).body).toMatchObject({ balance: '2.00' });
  });

  it('the full amount paid in time is applied in full: no discount, no credit', async () => {
    await ledger.post('/v1/invoices', discounted('i-full', 'c-sh', '100.00', 'EUR'));
    const paid = await pay('p-full', { invoiceId: 'i-full' }, '100.00', 'EUR', '2026-10-05');
    expect(paid.body).toMatchObject({ unapplied: '0.00', applications: [{ amount: '100.00' }] });
    expect(paid.body.applications[0]).not.toHaveProperty('discount');
  });

  it('JPY (0 decimals) and KWD (3 decimals) round the discounted amount half up to their minor unit', async () => {
    // JPY 150 at 3 %: 145.5 → 146 settles, the discount is 4.
    await ledger.post('/v1/invoices', discounted('i-jpy', 'c-sh', '150', 'JPY', { percent: '3', days: 10 }));
    const short = await pay('p-jpy-1', { invoiceId: 'i-jpy' }, '145', 'JPY', '2026-10-02');
    expect(short.body.applications[0]).not.toHaveProperty('discount');
    const rest = await pay('p-jpy-2', { invoiceId: 'i-jpy' }, '1', 'JPY', '2026-10-03');
    expect(rest.body.applications[0]).toMatchObject({ amount: '1', discount: '4' });
    // KWD 1234.567 at 2 %: 1209.87566 → 1209.876 settles, the discount is 24.691.
    await ledger.post('/v1/invoices', discounted('i-kwd', 'c-sh', '1234.567', 'KWD'));
    const kwd = await pay('p-kwd', { invoiceId: 'i-kwd' }, '1209.876', 'KWD', '2026-10-04');
    expect(kwd.body.applications[0]).toMatchObject({ amount: '1209.876', discount: '24.691' });
    expect((await ledger.get('/v1/invoices/i-kwd')).body.status).toBe('paid');
  });

  it('one unapplied payment covering two discounted invoices settles both, oldest first', async () => {
    await ledger.post('/v1/invoices', {
      ...discounted('i-two-a', 'c-ny', '100.00', 'CNY'),
      dueDate: '2026-10-30',
    });
    await ledger.post('/v1/invoices', discounted('i-two-b', 'c-ny', '50.00', 'CNY'));
    const paid = await pay('p-two', { customerId: 'c-ny' }, '148.00', 'CNY', '2026-10-06');
    expect(paid.body).toMatchObject({
      unapplied: '0.00',
      applications: [
        { invoiceId: 'i-two-a', amount: '99.00', discount: '1.00' },
        { invoiceId: 'i-two-b', amount: '49.00', discount: '1.00' },
      ],
    });
    for (const id of ['i-two-a', 'i-two-b']) {
      expect((await ledger.get(`/v1/invoices/${id}`)).body.status).toBe('paid');
    }
  });

  it('a payment that arrived before its invoice earns the discount when the invoice comes', async () => {
    const held = await pay('p-early', { invoiceId: 'i-after' }, '49.00', 'EUR', '2026-10-02');
    expect(held.status).toBe(202);
    await ledger.post('/v1/invoices', discounted('i-after', 'c-sh', '50.00', 'EUR'));
    const view = (await ledger.get('/v1/invoices/i-after')).body;
    expect(view).toMatchObject({ balance: '0.00', status: 'paid' });
    expect(view.timeline.map((item: { what: string }) => item.what)).toEqual([
      'issue',
      'discount',
      'payment',
    ]);
  });
});

describe('early-payment discount with compressed days', () => {
  let fast: LedgerUnderTest;
  beforeAll(async () => {
    fast = await startLedger({ prefix: 'discount_fast', dayMs: 1000 });
    await fast.service.app.inject({
      method: 'PUT',
      url: '/v1/customers/c-f',
      headers: adminAuth,
      payload: customer(),
    });
  });
  afterAll(() => fast.close());

  it('counts the window in DAY_MS from when the invoice was recorded, on the ledger clock', async () => {
    const start = fast.clock.now.getTime();
    await fast.post('/v1/invoices', discounted('f-in', 'c-f', '20.00', 'EUR'));
    await fast.post('/v1/invoices', discounted('f-late', 'c-f', '20.00', 'EUR'));
    fast.clock.now = new Date(start + 9_999);
    // The business date is far outside the window: on a compressed clock it means nothing.
    await fast.post('/v1/payments', {
      paymentId: 'pf-in',
      invoiceId: 'f-in',
      amount: '19.60',
      currency: 'EUR',
      receivedAt: '2026-12-01',
    });
    fast.clock.now = new Date(start + 10_000);
    await fast.post('/v1/payments', {
      paymentId: 'pf-late',
      invoiceId: 'f-late',
      amount: '19.60',
      currency: 'EUR',
      receivedAt: '2026-10-01',
    });
    expect((await fast.get('/v1/invoices/f-in')).body).toMatchObject({ balance: '0.00', status: 'paid' });
    expect((await fast.get('/v1/invoices/f-late')).body.balance).toBe('0.40');
  });
});
