import { adminAuth } from '@dunning/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customer, invoice, type LedgerUnderTest, startLedger } from './ledger-harness.ts';

let ledger: LedgerUnderTest;
beforeAll(async () => {
  ledger = await startLedger({ prefix: 'disputes' });
  await ledger.service.app.inject({
    headers: adminAuth,
    method: 'PUT',
    url: '/v1/customers/c-d',
    payload: customer(),
  });
});
afterAll(() => ledger.close());

const factsAbout = async (subject: string) =>
  (await ledger.facts()).filter((fact) => fact.subject === subject).map((fact) => fact.type);

describe('disputes', () => {
  it('upheld with a disputed amount: that amount is adjusted off and the invoice is no longer disputed', async () => {
    await ledger.post('/v1/invoices', invoice('i-up', 'c-d', '100.00', 'EUR'));
    const opened = await ledger.post('/v1/invoices/i-up/disputes', {
      disputeId: 'd-up',
      reason: 'damaged',
      amount: '40.00',
    });
    expect(opened.status).toBe(201);
    expect(opened.body).toMatchObject({ disputeId: 'd-up', status: 'open' });
    expect((await ledger.get('/v1/invoices/i-up')).body.disputed).toBe(true);
    const resolved = await ledger.post('/v1/disputes/d-up/resolve', { resolution: 'upheld' });
    expect(resolved.body).toMatchObject({ status: 'upheld', adjustment: '40.00' });
    const view = (await ledger.get('/v1/invoices/i-up')).body;
    expect(view).toMatchObject({ balance: '60.00', disputed: false, status: 'open' });
    expect(view.timeline.map((item: { what: string }) => item.what)).toEqual([
      'issue',
      'dispute-opened',
      'adjustment',
      'dispute-resolved',
    ]);
    expect(await factsAbout('i-up')).toEqual([
      'ledger.invoice.issued',
      'ledger.dispute.opened',
      'ledger.invoice.balance-changed',
      'ledger.dispute.resolved',
    ]);
  });

  it('keeps a dispute reason code as the invoice overdue reason, contract-dispute when none is given', async () => {
    await ledger.post('/v1/invoices', invoice('i-why', 'c-d', '10.00', 'EUR'));
    await ledger.post('/v1/invoices', invoice('i-why-not', 'c-d', '10.00', 'EUR'));
    const coded = { disputeId: 'd-why', reason: 'parcel lost', reasonCode: 'logistics' };
    expect((await ledger.post('/v1/invoices/i-why/disputes', coded)).status).toBe(201);
    expect(
      (await ledger.post('/v1/invoices/i-why-not/disputes', { disputeId: 'd-why-not', reason: 'price' }))
        .status,
    ).toBe(201);
    const opened = (await ledger.facts()).filter((fact) => fact.type === 'ledger.dispute.opened');
    expect(opened.find((fact) => fact.subject === 'i-why')?.data.reasonCode).toBe('logistics');
    expect(opened.find((fact) => fact.subject === 'i-why-not')?.data.reasonCode).toBe('contract-dispute');
    const reasons = await ledger.pool.query(
      `SELECT invoice_id, reason, source, source_id FROM overdue_reasons WHERE invoice_id LIKE 'i-why%' ORDER BY 1`,
    );
    expect(reasons.rows).toEqual([
      { invoice_id: 'i-why', reason: 'logistics', source: 'dispute', source_id: 'd-why' },
      { invoice_id: 'i-why-not', reason: 'contract-dispute', source: 'dispute', source_id: 'd-why-not' },
    ]);
  });

  it('upheld without an amount takes off the whole balance; adjusted takes the given amount', async () => {
    await ledger.post('/v1/invoices', invoice('i-whole', 'c-d', '70.00', 'EUR'));
    await ledger.post('/v1/invoices/i-whole/disputes', { disputeId: 'd-whole', reason: 'never delivered' });
    await ledger.post('/v1/disputes/d-whole/resolve', { resolution: 'upheld' });
    // Closed by the dispute, not by money: adjusted, not paid.
    expect((await ledger.get('/v1/invoices/i-whole')).body).toMatchObject({
      balance: '0.00',
      status: 'adjusted',
    });

    await ledger.post('/v1/invoices', invoice('i-adj', 'c-d', '70.00', 'EUR'));
    await ledger.post('/v1/invoices/i-adj/disputes', { disputeId: 'd-adj', reason: 'price' });
    const missing = await ledger.post('/v1/disputes/d-adj/resolve', { resolution: 'adjusted' });
    expect(missing.status).toBe(422);
    const adjusted = await ledger.post('/v1/disputes/d-adj/resolve', {
      resolution: 'adjusted',
      amount: '7.50',
    });
    expect(adjusted.body).toMatchObject({ status: 'adjusted', adjustment: '7.50' });
    expect((await ledger.get('/v1/invoices/i-adj')).body).toMatchObject({
      balance: '62.50',
      disputed: false,
    });
  });

  it('adjusted status: a dispute that closes a partly paid invoice; money that closes it after an adjustment is paid', async () => {
    await ledger.post('/v1/invoices', invoice('i-part-adj', 'c-d', '100.00', 'EUR'));
    await ledger.post('/v1/payments', {
      paymentId: 'p-part-adj',
      invoiceId: 'i-part-adj',
      amount: '60.00',
      currency: 'EUR',
      receivedAt: '2026-10-02',
    });
    await ledger.post('/v1/invoices/i-part-adj/disputes', { disputeId: 'd-part-adj', reason: 'short' });
    await ledger.post('/v1/disputes/d-part-adj/resolve', { resolution: 'adjusted', amount: '40.00' });
    expect((await ledger.get('/v1/invoices/i-part-adj')).body).toMatchObject({
      balance: '0.00',
      status: 'adjusted',
    });
    // Dunning ends on the dispute's resolution; no settlement is published for an adjustment.
    expect(await factsAbout('i-part-adj')).not.toContain('ledger.invoice.settled');

    await ledger.post('/v1/invoices', invoice('i-adj-paid', 'c-d', '100.00', 'EUR'));
    await ledger.post('/v1/invoices/i-adj-paid/disputes', { disputeId: 'd-adj-paid', reason: 'short' });
    await ledger.post('/v1/disputes/d-adj-paid/resolve', { resolution: 'upheld', amount: '30.00' });
    await ledger.post('/v1/payments', {
      paymentId: 'p-adj-paid',
      invoiceId: 'i-adj-paid',
      amount: '70.00',
      currency: 'EUR',
      receivedAt: '2026-10-03',
    });
    expect((await ledger.get('/v1/invoices/i-adj-paid')).body.status).toBe('paid');

    const adjusted = (await ledger.get('/v1/customers/c-d/invoices?status=adjusted')).body.invoices;
    const ids = adjusted.map((row: { invoiceId: string }) => row.invoiceId);
    expect(ids).toContain('i-part-adj');
    expect(ids).not.toContain('i-adj-paid');
  });

  it('rejected: nothing changes and the invoice is no longer disputed (dunning resumes)', async () => {
    await ledger.post('/v1/invoices', invoice('i-rej', 'c-d', '10.00', 'EUR'));
    await ledger.post('/v1/invoices/i-rej/disputes', { disputeId: 'd-rej', reason: 'no reason' });
    const resolved = await ledger.post('/v1/disputes/d-rej/resolve', { resolution: 'rejected' });
    expect(resolved.body).toMatchObject({ status: 'rejected' });
    expect((await ledger.get('/v1/invoices/i-rej')).body).toMatchObject({
      balance: '10.00',
      disputed: false,
    });
    const resolvedFact = (await ledger.facts()).find(
      (fact) => fact.type === 'ledger.dispute.resolved' && fact.subject === 'i-rej',
    );
    expect(resolvedFact?.data).not.toHaveProperty('amount');
  });

  it('a dispute needs an open balance, and its amount must fit the invoice currency', async () => {
    await ledger.post('/v1/invoices', invoice('i-paid', 'c-d', '5', 'JPY'));
    await ledger.post('/v1/payments', {
      paymentId: 'p-paid',
      invoiceId: 'i-paid',
      amount: '5',
      currency: 'JPY',
      receivedAt: '2026-10-02',
    });
    const late = await ledger.post('/v1/invoices/i-paid/disputes', { disputeId: 'd-paid', reason: 'late' });
    expect(late.status).toBe(409);
    await ledger.post('/v1/invoices', invoice('i-jpy', 'c-d', '500', 'JPY'));
    const decimals = await ledger.post('/v1/invoices/i-jpy/disputes', {
      disputeId: 'd-jpy',
      reason: 'x',
      amount: '1.50',
    });
    expect(decimals.status).toBe(422);
    expect(decimals.body.detail).toMatch(/amount/);
    // Found by fuzzing: a 30-digit amount reached the bigint column and failed there with a 500.
    const huge = await ledger.post('/v1/invoices/i-jpy/disputes', {
      disputeId: 'd-huge',
      reason: 'x',
      amount: '99999999999999999999999999999',
    });
    expect(huge.status).toBe(422);
    expect(huge.body.detail).toBe('amount: is too large');
  });
});

describe('cancellation and write-off', () => {
  it('cancelling books the remaining balance off and publishes ledger.invoice.cancelled once', async () => {
    await ledger.post('/v1/invoices', invoice('i-can', 'c-d', '80.00', 'CNY'));
    await ledger.post('/v1/payments', {
      paymentId: 'p-can',
      invoiceId: 'i-can',
      amount: '30.00',
      currency: 'CNY',
      receivedAt: '2026-10-02',
    });
    const cancelled = await ledger.post('/v1/invoices/i-can/cancel', { reason: 'wrong customer' });
    expect(cancelled.status).toBe(201);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', cancelledBalance: '50.00' });
    expect((await ledger.post('/v1/invoices/i-can/cancel', { reason: 'wrong customer' })).status).toBe(200);
    expect((await ledger.post('/v1/invoices/i-can/cancel', { reason: 'other' })).status).toBe(409);
    expect((await ledger.get('/v1/invoices/i-can')).body).toMatchObject({
      balance: '0.00',
      status: 'cancelled',
    });
    expect((await factsAbout('i-can')).filter((type) => type === 'ledger.invoice.cancelled')).toHaveLength(1);
    // Nothing left to write off.
    expect((await ledger.post('/v1/invoices/i-can/write-off', {})).status).toBe(409);
  });

  it('writing off books the remaining balance as bad debt', async () => {
    await ledger.post('/v1/invoices', invoice('i-wo', 'c-d', '1.500', 'KWD'));
    await ledger.post('/v1/payments', {
      paymentId: 'p-wo',
      invoiceId: 'i-wo',
      amount: '0.250',
      currency: 'KWD',
      receivedAt: '2026-10-02',
    });
    const written = await ledger.post('/v1/invoices/i-wo/write-off', {
      reason: '90+ review',
      writeOffId: 'wo-1',
    });
    expect(written.status).toBe(201);
    expect(written.body).toMatchObject({ writeOffId: 'wo-1', status: 'written-off', amount: '1.250' });
    expect((await ledger.get('/v1/invoices/i-wo')).body).toMatchObject({
      balance: '0.000',
      status: 'written-off',
    });
    const fact = (await ledger.facts()).find(
      (f) => f.type === 'ledger.invoice.written-off' && f.subject === 'i-wo',
    );
    expect(fact?.data).toMatchObject({ amount: '1.250', currency: 'KWD', reason: '90+ review' });
    expect(
      (await ledger.post('/v1/invoices/i-wo/write-off', { reason: '90+ review', writeOffId: 'wo-1' })).status,
    ).toBe(200);
  });
});

describe('the overdue announcer', () => {
  it('publishes ledger.invoice.overdue once for an invoice past overdueAt with a balance, none for a paid one', async () => {
    await ledger.service.app.inject({
      headers: adminAuth,
      method: 'PUT',
      url: '/v1/customers/c-late',
      payload: customer('Asia/Shanghai'),
    });
    await ledger.post('/v1/invoices', invoice('i-late', 'c-late', '9.00', 'EUR', '2026-10-20'));
    await ledger.post('/v1/invoices', invoice('i-ontime', 'c-late', '9.00', 'EUR', '2026-10-20'));
    await ledger.post('/v1/payments', {
      paymentId: 'p-ontime',
      invoiceId: 'i-ontime',
      amount: '9.00',
      currency: 'EUR',
      receivedAt: '2026-10-19',
    });
    ledger.clock.now = new Date('2026-10-20T15:59:59Z');
    await ledger.service.overdueAnnouncer.runOnce();
    expect(await factsAbout('i-late')).not.toContain('ledger.invoice.overdue');
    expect((await ledger.get('/v1/invoices/i-late')).body.status).toBe('open');
    // Shanghai's Oct 20 ends at 16:00 UTC.
    ledger.clock.now = new Date('2026-10-20T16:00:00Z');
    await ledger.service.overdueAnnouncer.runOnce();
    await ledger.service.overdueAnnouncer.runOnce();
    const overdue = (await ledger.facts()).filter(
      (f) => f.type === 'ledger.invoice.overdue' && f.subject === 'i-late',
    );
    expect(overdue).toHaveLength(1);
    expect(overdue[0]?.data).toMatchObject({
      balance: '9.00',
      overdueAt: '2026-10-20T16:00:00.000Z',
      dueDate: '2026-10-20',
    });
    expect(await factsAbout('i-ontime')).not.toContain('ledger.invoice.overdue');
    expect((await ledger.get('/v1/invoices/i-late')).body.status).toBe('overdue');
  });
});

describe('the overdue announcer with compressed days', () => {
  let compressed: LedgerUnderTest;
  beforeAll(async () => {
    compressed = await startLedger({ prefix: 'compressed', dayMs: 100 });
    await compressed.service.app.inject({
      headers: adminAuth,
      method: 'PUT',
      url: '/v1/customers/c-fast',
      payload: customer(),
    });
  });
  afterAll(() => compressed.close());

  /** Records the invoice, then moves the clock past its 30-day terms: 31 compressed days of 100 ms. */
  async function invoiceNowOverdue(invoiceId: string, amount: string) {
    await compressed.post('/v1/invoices', invoice(invoiceId, 'c-fast', amount, 'EUR', '2026-10-31'));
    compressed.clock.now = new Date(compressed.clock.now.getTime() + 31 * 100);
  }
  const overdueFacts = async (invoiceId: string) =>
    (await compressed.facts()).filter((f) => f.type === 'ledger.invoice.overdue' && f.subject === invoiceId);

  it('publishes ledger.invoice.overdue seconds after the invoice, long before its calendar due date', async () => {
    await invoiceNowOverdue('i-fast', '50.00');
    await compressed.service.overdueAnnouncer.runOnce();
    const overdue = await overdueFacts('i-fast');
    expect(overdue).toHaveLength(1);
    expect(overdue[0]?.data).toMatchObject({ dueDate: '2026-10-31', balance: '50.00' });
  });

  it('returns from runOnce only once the announcement is stored, whichever run in the process claimed it', async () => {
    await invoiceNowOverdue('i-turns', '5.00');
    // The timer's own run may be claiming the invoice too; each caller must still see the fact.
    const seenAfterEachRun = await Promise.all(
      [1, 2, 3, 4].map(async () => {
        await compressed.service.overdueAnnouncer.runOnce();
        return (await overdueFacts('i-turns')).length;
      }),
    );
    expect(seenAfterEachRun).toEqual([1, 1, 1, 1]);
  });
});
