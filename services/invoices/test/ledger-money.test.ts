import { adminAuth } from '@dunning/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customer, invoice, type LedgerUnderTest, startLedger } from './ledger-harness.ts';

let ledger: LedgerUnderTest;
beforeAll(async () => {
  ledger = await startLedger({ prefix: 'money' });
});
afterAll(() => ledger.close());

const put = (customerId: string, timezone = 'UTC') =>
  ledger.service.app.inject({
    headers: adminAuth,
    method: 'PUT',
    url: `/v1/customers/${customerId}`,
    payload: customer(timezone),
  });

/** invoices_collected_minor_total of a currency at GET /metrics (0 before its first payment). */
async function collected(currency: string): Promise<number> {
  const text = (await ledger.service.app.inject({ headers: adminAuth, method: 'GET', url: '/metrics' })).body;
  const line = text
    .split('\n')
    .find((l) => l.startsWith(`invoices_collected_minor_total{currency="${currency}"} `));
  return line ? Number(line.split(' ')[1]) : 0;
}

describe('money in four currencies', () => {
  it.each([
    ['JPY', '10000', '3333', '6667', 3333],
    ['CNY', '1234.50', '234.49', '1000.01', 23449],
    ['EUR', '99.99', '0.99', '99.00', 99],
    ['KWD', '12.345', '2.005', '10.340', 2005],
  ])('%s: a partial payment leaves the exact remainder', async (currency, amount, paid, left, minor) => {
    const before = await collected(currency);
    const c = `c-${currency}`;
    await put(c);
    expect((await ledger.post('/v1/invoices', invoice(`i-${currency}`, c, amount, currency))).status).toBe(
      201,
    );
    const payment = await ledger.post('/v1/payments', {
      paymentId: `p-${currency}`,
      invoiceId: `i-${currency}`,
      amount: paid,
      currency,
      receivedAt: '2026-10-10',
    });
    expect(payment.status).toBe(201);
    expect(payment.body).toMatchObject({
      status: 'applied',
      applications: [{ invoiceId: `i-${currency}`, amount: paid }],
    });
    const view = await ledger.get(`/v1/invoices/i-${currency}`);
    expect(view.body).toMatchObject({ amount, balance: left, status: 'open', currency });
    expect(view.body.timeline.map((item: { what: string }) => item.what)).toEqual(['issue', 'payment']);
    // Counted in minor units of the currency: yen, fen, cents, fils.
    expect((await collected(currency)) - before).toBe(minor);
  });

  it('rejects JPY decimals and KWD with four decimals as 400, naming the field', async () => {
    const jpy = await ledger.post('/v1/invoices', invoice('i-bad-jpy', 'c-JPY', '10.5', 'JPY'));
    expect(jpy.status).toBe(400);
    expect(JSON.stringify(jpy.body)).toMatch(/amount/);
    const kwd = await ledger.post('/v1/payments', {
      paymentId: 'p-bad-kwd',
      invoiceId: 'i-KWD',
      amount: '1.2345',
      currency: 'KWD',
      receivedAt: '2026-10-10',
    });
    expect(kwd.status).toBe(400);
  });
});

describe('overpayment, customer credit and credit notes', () => {
  it('an overpayment settles the invoice, becomes credit and pays the next invoice when it arrives', async () => {
    await put('c-over', 'Asia/Shanghai');
    await ledger.post('/v1/invoices', invoice('i-over-1', 'c-over', '100.00', 'CNY'));
    const payment = await ledger.post('/v1/payments', {
      paymentId: 'p-over',
      invoiceId: 'i-over-1',
      amount: '150.00',
      currency: 'CNY',
      receivedAt: '2026-11-02',
    });
    expect(payment.body).toMatchObject({
      unapplied: '50.00',
      applications: [{ amount: '100.00', daysLate: 2 }],
    });
    expect((await ledger.get('/v1/invoices/i-over-1')).body).toMatchObject({
      balance: '0.00',
      status: 'paid',
    });
    const statement = await ledger.get('/v1/customers/c-over/statement');
    expect(statement.body.totals).toEqual([
      {
        currency: 'CNY',
        open: '0.00',
        overdue: '0.00',
        credit: '50.00',
        discounts: '0.00',
        charges: '0.00',
        net: '-50.00',
      },
    ]);

    // Credit is per currency: an EUR invoice does not touch it.
    await ledger.post('/v1/invoices', invoice('i-over-eur', 'c-over', '10.00', 'EUR'));
    expect((await ledger.get('/v1/invoices/i-over-eur')).body.balance).toBe('10.00');

    const next = await ledger.post('/v1/invoices', invoice('i-over-2', 'c-over', '80.00', 'CNY'));
    expect(next.body).toMatchObject({ balance: '30.00', status: 'open' });
    expect(
      next.body.timeline.map((item: { what: string; sourceId: string }) => [item.what, item.sourceId]),
    ).toEqual([
      ['issue', 'i-over-2'],
      ['payment', 'p-over'],
    ]);
    const after = await ledger.get('/v1/customers/c-over/statement');
    expect(after.body.credits).toEqual([]);

    const facts = await ledger.facts();
    const settled = facts.filter(
      (fact) => fact.type === 'ledger.invoice.settled' && fact.subject === 'i-over-1',
    );
    expect(settled).toHaveLength(1);
    expect(settled[0]?.data).toMatchObject({ how: 'paid', daysLate: 2, amount: '100.00' });
    const received = facts.find(
      (fact) => fact.type === 'ledger.payment.received' && fact.subject === 'p-over',
    );
    expect(received?.data).toMatchObject({
      amount: '150.00',
      unapplied: '50.00',
      receivedAt: '2026-11-01T16:00:00.000Z',
    });
  });

  it('a credit note larger than the balance settles it and leaves the excess as credit', async () => {
    await put('c-cn');
    await ledger.post('/v1/invoices', invoice('i-cn', 'c-cn', '500', 'JPY'));
    await ledger.post('/v1/payments', {
      paymentId: 'p-cn',
      invoiceId: 'i-cn',
      amount: '200',
      currency: 'JPY',
      receivedAt: '2026-10-05',
    });
    const note = await ledger.post('/v1/credit-notes', {
      creditNoteId: 'cn-1',
      invoiceId: 'i-cn',
      amount: '450',
      currency: 'JPY',
      issuedAt: '2026-10-06',
    });
    expect(note.status).toBe(201);
    expect(note.body).toMatchObject({ applied: '300', toCustomerCredit: '150' });
    expect((await ledger.get('/v1/invoices/i-cn')).body).toMatchObject({ balance: '0', status: 'paid' });
    const settled = (await ledger.facts()).find(
      (fact) => fact.type === 'ledger.invoice.settled' && fact.subject === 'i-cn',
    );
    expect(settled?.data).toMatchObject({ how: 'mixed', daysLate: -25 });
    expect((await ledger.get('/v1/customers/c-cn/statement')).body.credits).toEqual([
      { currency: 'JPY', source: 'credit-note', sourceId: 'cn-1', available: '150' },
    ]);
  });

  it('an unapplied payment settles the oldest due invoices first and keeps the rest as credit', async () => {
    await put('c-un');
    await ledger.post('/v1/invoices', invoice('i-un-late', 'c-un', '30.000', 'KWD', '2026-11-30'));
    await ledger.post('/v1/invoices', invoice('i-un-early', 'c-un', '20.000', 'KWD', '2026-10-15'));
    const payment = await ledger.post('/v1/payments', {
      paymentId: 'p-un',
      customerId: 'c-un',
      amount: '60.500',
      currency: 'KWD',
      receivedAt: '2026-10-20T10:00:00Z',
    });
    expect(payment.body).toMatchObject({
      applications: [
        { invoiceId: 'i-un-early', amount: '20.000', daysLate: 5 },
        { invoiceId: 'i-un-late', amount: '30.000', daysLate: -41 },
      ],
      unapplied: '10.500',
    });
    const list = await ledger.get('/v1/customers/c-un/invoices?status=paid');
    expect(list.body.invoices.map((i: { invoiceId: string }) => i.invoiceId)).toEqual([
      'i-un-early',
      'i-un-late',
    ]);
  });

  it('a payment or credit note in another currency than its invoice is a 422 and changes nothing', async () => {
    await put('c-fx');
    await ledger.post('/v1/invoices', invoice('i-fx', 'c-fx', '100.00', 'EUR'));
    const payment = await ledger.post('/v1/payments', {
      paymentId: 'p-fx',
      invoiceId: 'i-fx',
      amount: '100.00',
      currency: 'CNY',
      receivedAt: '2026-10-05',
    });
    expect(payment.status).toBe(422);
    expect(payment.body.detail).toMatch(/CNY.*EUR/);
    const note = await ledger.post('/v1/credit-notes', {
      creditNoteId: 'cn-fx',
      invoiceId: 'i-fx',
      amount: '1.00',
      currency: 'USD',
      issuedAt: '2026-10-05',
    });
    expect(note.status).toBe(422);
    expect((await ledger.get('/v1/invoices/i-fx')).body.balance).toBe('100.00');
    // Not recorded: the same id with the right currency is accepted afterwards.
    const fixed = await ledger.post('/v1/payments', {
      paymentId: 'p-fx',
      invoiceId: 'i-fx',
      amount: '100.00',
      currency: 'EUR',
      receivedAt: '2026-10-05',
    });
    expect(fixed.status).toBe(201);
  });
});

describe('concurrent commands on one invoice and one customer', () => {
  it('twenty payments at once never apply more than the balance; the rest is credit, used once', async () => {
    await put('c-race');
    await ledger.post('/v1/invoices', invoice('i-race', 'c-race', '100.00', 'EUR'));
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, n) =>
        ledger.post('/v1/payments', {
          paymentId: `p-race-${n}`,
          invoiceId: 'i-race',
          amount: '10.00',
          currency: 'EUR',
          receivedAt: '2026-10-05',
        }),
      ),
    );
    expect(answers.every((answer) => answer.status === 201)).toBe(true);
    expect((await ledger.get('/v1/invoices/i-race')).body.balance).toBe('0.00');
    const unapplied = answers.filter((answer) => answer.body.unapplied === '10.00');
    expect(unapplied).toHaveLength(10);
    expect((await ledger.get('/v1/customers/c-race/statement')).body.totals).toMatchObject([
      { credit: '100.00' },
    ]);

    // Two invoices arriving together share the 100.00 of credit, never spend it twice.
    await Promise.all([
      ledger.post('/v1/invoices', invoice('i-race-2', 'c-race', '70.00', 'EUR')),
      ledger.post('/v1/invoices', invoice('i-race-3', 'c-race', '70.00', 'EUR')),
    ]);
    const balances = await Promise.all(
      ['i-race-2', 'i-race-3'].map(async (id) => (await ledger.get(`/v1/invoices/${id}`)).body.balance),
    );
    expect(balances.sort()).toEqual(['0.00', '40.00']);
    expect((await ledger.get('/v1/customers/c-race/statement')).body.credits).toEqual([]);
  });
});
