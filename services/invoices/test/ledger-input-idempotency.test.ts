import { adminAuth, lintOpenApi } from '@dunning/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customer, invoice, type LedgerUnderTest, startLedger, tableCounts } from './ledger-harness.ts';

let ledger: LedgerUnderTest;
beforeAll(async () => {
  ledger = await startLedger({ prefix: 'input' });
  await ledger.service.app.inject({
    headers: adminAuth,
    method: 'PUT',
    url: '/v1/customers/c-in',
    payload: customer(),
  });
  await ledger.post('/v1/invoices', invoice('i-in', 'c-in', '100.00', 'EUR'));
});
afterAll(() => ledger.close());

const payment = {
  paymentId: 'p-in',
  invoiceId: 'i-in',
  amount: '10.00',
  currency: 'EUR',
  receivedAt: '2026-10-05',
};

describe('bad input: a clear 4xx and nothing stored changes', () => {
  it.each([
    ['wrong type', '/v1/payments', { ...payment, amount: 10 }, 400, /amount/],
    ['negative amount', '/v1/payments', { ...payment, amount: '-10.00' }, 400, /amount/],
    [
      'zero amount',
      '/v1/credit-notes',
      { creditNoteId: 'cn', invoiceId: 'i-in', amount: '0.00', currency: 'EUR', issuedAt: '2026-10-05' },
      400,
      /amount/,
    ],
    ['unknown currency', '/v1/payments', { ...payment, currency: 'XYZ' }, 400, /currency/],
    ['unknown field', '/v1/payments', { ...payment, bank: 'x' }, 400, /bank/],
    ['neither invoice nor customer', '/v1/payments', { ...payment, invoiceId: undefined }, 400, /invoiceId/],
    ['bad resolution', '/v1/disputes/d-x/resolve', { resolution: 'maybe' }, 400, /resolution/],
    [
      'negative dispute amount',
      '/v1/invoices/i-in/disputes',
      { disputeId: 'd-x', reason: 'r', amount: '-1' },
      400,
      /amount/,
    ],
    ['unknown write-off field', '/v1/invoices/i-in/write-off', { why: 'x' }, 400, /why/],
    [
      'due before issue',
      '/v1/invoices',
      { ...invoice('i-bad', 'c-in', '1.00', 'EUR'), dueDate: '2026-09-01' },
      400,
      /dueDate/,
    ],
  ])('%s', async (_what, url, body, status, field) => {
    const before = await tableCounts(ledger.pool);
    const answer = await ledger.post(url, body);
    expect(answer.status).toBe(status);
    expect(JSON.stringify(answer.body)).toMatch(field);
    expect(await tableCounts(ledger.pool)).toEqual(before);
  });

  it('a body over 1 MiB is a 413', async () => {
    const before = await tableCounts(ledger.pool);
    const answer = await ledger.post('/v1/payments', { ...payment, padding: 'x'.repeat(1024 * 1024 + 10) });
    expect(answer.status).toBe(413);
    expect(await tableCounts(ledger.pool)).toEqual(before);
  });

  it('the view and the ledger are unchanged after all of it', async () => {
    const view = await ledger.get('/v1/invoices/i-in');
    expect(view.body).toMatchObject({ balance: '100.00', timeline: [{ what: 'issue' }] });
  });
});

describe('idempotency by business id', () => {
  it('the same payment again answers the first result; another body is a 409 showing both', async () => {
    const first = await ledger.post('/v1/payments', payment);
    expect(first.status).toBe(201);
    const before = await tableCounts(ledger.pool);
    const again = await ledger.post('/v1/payments', payment);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    const other = await ledger.post('/v1/payments', { ...payment, amount: '11.00' });
    expect(other.status).toBe(409);
    expect(other.body.stored).toMatchObject({ amount: '10.00' });
    expect(other.body.received).toMatchObject({ amount: '11.00' });
    expect(await tableCounts(ledger.pool)).toEqual(before);
    expect((await ledger.get('/v1/invoices/i-in')).body.balance).toBe('90.00');
  });
});

describe('Idempotency-Key', () => {
  it('replays the stored answer for the same request and refuses another request under the key', async () => {
    const body = {
      paymentId: 'p-key',
      invoiceId: 'i-in',
      amount: '1.00',
      currency: 'EUR',
      receivedAt: '2026-10-06',
    };
    const first = await ledger.post('/v1/payments', body, { 'idempotency-key': 'key-1' });
    expect(first.status).toBe(201);
    const before = await tableCounts(ledger.pool);
    const replay = await ledger.service.app.inject({
      method: 'POST',
      url: '/v1/payments',
      payload: body,
      headers: { ...adminAuth, ...{ 'idempotency-key': 'key-1' } },
    });
    expect(replay.statusCode).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(JSON.parse(replay.body)).toEqual(first.body);
    const conflict = await ledger.post(
      '/v1/payments',
      { ...body, paymentId: 'p-key-2' },
      { 'idempotency-key': 'key-1' },
    );
    expect(conflict.status).toBe(409);
    expect(conflict.body.stored.body).toMatchObject({ paymentId: 'p-key' });
    expect(conflict.body.received.body).toMatchObject({ paymentId: 'p-key-2' });
    expect(await tableCounts(ledger.pool)).toEqual(before);
    const malformed = await ledger.post('/v1/payments', body, { 'idempotency-key': 'has spaces' });
    expect(malformed.status).toBe(400);
  });
});

describe('out of order over HTTP', () => {
  it('a payment, credit note, dispute and resolution before their invoice are held (202) and applied when it arrives', async () => {
    await ledger.service.app.inject({
      headers: adminAuth,
      method: 'PUT',
      url: '/v1/customers/c-ooo',
      payload: customer(),
    });
    const early = await ledger.post('/v1/payments', {
      paymentId: 'p-ooo',
      invoiceId: 'i-ooo',
      amount: '30.00',
      currency: 'EUR',
      receivedAt: '2026-10-03',
    });
    expect(early.status).toBe(202);
    expect(early.body).toMatchObject({
      paymentId: 'p-ooo',
      status: 'pending',
      waitingFor: { waitsFor: 'invoice', id: 'i-ooo' },
    });
    expect(
      (
        await ledger.post('/v1/payments', {
          paymentId: 'p-ooo',
          invoiceId: 'i-ooo',
          amount: '30.00',
          currency: 'EUR',
          receivedAt: '2026-10-03',
        })
      ).status,
    ).toBe(202);
    const resolveFirst = await ledger.post('/v1/disputes/d-ooo/resolve', {
      resolution: 'adjusted',
      amount: '5.00',
    });
    expect(resolveFirst.status).toBe(202);
    expect(
      (await ledger.post('/v1/invoices/i-ooo/disputes', { disputeId: 'd-ooo', reason: 'short' })).status,
    ).toBe(202);
    expect(
      (
        await ledger.post('/v1/credit-notes', {
          creditNoteId: 'cn-ooo',
          invoiceId: 'i-ooo',
          amount: '15.00',
          currency: 'EUR',
          issuedAt: '2026-10-04',
        })
      ).status,
    ).toBe(202);
    const wrong = await ledger.post('/v1/payments', {
      paymentId: 'p-ooo-usd',
      invoiceId: 'i-ooo',
      amount: '1.00',
      currency: 'USD',
      receivedAt: '2026-10-03',
    });
    expect(wrong.status).toBe(202);
    expect((await ledger.get('/v1/invoices/i-ooo')).status).toBe(404);

    const issued = await ledger.post('/v1/invoices', invoice('i-ooo', 'c-ooo', '100.00', 'EUR'));
    expect(issued.status).toBe(201);
    expect(issued.body).toMatchObject({ balance: '50.00', disputed: false });
    expect(
      issued.body.timeline.map((item: { what: string; sourceId: string }) => `${item.what}:${item.sourceId}`),
    ).toEqual([
      'issue:i-ooo',
      'payment:p-ooo',
      'dispute-opened:d-ooo',
      'adjustment:d-ooo',
      'dispute-resolved:d-ooo',
      'credit:cn-ooo',
    ]);
    // Replays now answer what was applied; the mismatched payment was rolled back alone and says why.
    const replay = await ledger.post('/v1/payments', {
      paymentId: 'p-ooo',
      invoiceId: 'i-ooo',
      amount: '30.00',
      currency: 'EUR',
      receivedAt: '2026-10-03',
    });
    expect(replay).toMatchObject({
      status: 200,
      body: { status: 'applied', applications: [{ amount: '30.00' }] },
    });
    const rejected = await ledger.post('/v1/payments', {
      paymentId: 'p-ooo-usd',
      invoiceId: 'i-ooo',
      amount: '1.00',
      currency: 'USD',
      receivedAt: '2026-10-03',
    });
    expect(rejected.body).toMatchObject({ status: 'rejected' });
    expect(rejected.body.detail).toMatch(/USD/);
    const pending = await ledger.pool.query('SELECT count(*)::int AS n FROM pending_commands');
    expect(pending.rows[0].n).toBe(0);
  });

  it('a cancellation and a write-off before their invoices are held and applied', async () => {
    expect((await ledger.post('/v1/invoices/i-ooo-c/cancel', {})).status).toBe(202);
    expect((await ledger.post('/v1/invoices/i-ooo-w/write-off', { writeOffId: 'wo-ooo' })).status).toBe(202);
    await ledger.post('/v1/invoices', invoice('i-ooo-c', 'c-ooo', '10.00', 'EUR'));
    await ledger.post('/v1/invoices', invoice('i-ooo-w', 'c-ooo', '10.00', 'EUR'));
    expect((await ledger.get('/v1/invoices/i-ooo-c')).body).toMatchObject({
      status: 'cancelled',
      balance: '0.00',
    });
    expect((await ledger.get('/v1/invoices/i-ooo-w')).body).toMatchObject({
      status: 'written-off',
      balance: '0.00',
    });
  });
});

describe('/docs', () => {
  it('documents every ledger route with its body and answers', async () => {
    const docs = await ledger.get('/docs/json');
    expect(docs.status).toBe(200);
    const paths = docs.body.paths as Record<string, Record<string, { summary?: string; responses?: object }>>;
    for (const [path, verb] of [
      ['/v1/payments', 'post'],
      ['/v1/credit-notes', 'post'],
      ['/v1/invoices/{invoiceId}/cancel', 'post'],
      ['/v1/invoices/{invoiceId}/write-off', 'post'],
      ['/v1/invoices/{invoiceId}/disputes', 'post'],
      ['/v1/disputes/{disputeId}/resolve', 'post'],
      ['/v1/invoices/{invoiceId}', 'get'],
      ['/v1/customers/{customerId}/invoices', 'get'],
      ['/v1/customers/{customerId}/statement', 'get'],
    ] as const) {
      expect(paths[path]?.[verb]?.summary, `${verb} ${path}`).toBeTruthy();
      expect(Object.keys(paths[path]?.[verb]?.responses ?? {}), `${verb} ${path}`).toContain('200');
    }
  });

  it('passes the OpenAPI lint (redocly.yaml) without errors or warnings', async () => {
    expect(await lintOpenApi((await ledger.get('/docs/json')).body)).toEqual([]);
  });
});
