import { randomUUID } from 'node:crypto';
import type { KnownEventType } from '@dunning/contracts';
import { adminAuth, lintOpenApi, seededRandom } from '@dunning/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY, generateCustomer } from '../scripts/ledger-history-generator.ts';
import { loadSnapshot } from '../src/db/snapshot.queries.ts';
import { assessCustomer } from '../src/domain/assess-customer.ts';
import { riskModelV1 } from '../src/domain/models/v1.ts';
import { HistoryReplay } from '../src/domain/replay-history.ts';
import type { CustomerRiskSnapshot } from '../src/domain/risk-snapshot.ts';
import { customer, invoice, type RiskHarness, startRiskHarness, waitFor } from './risk-harness.ts';

/** Order-independent, comparable form of a snapshot. */
function normalised(snapshot: CustomerRiskSnapshot) {
  const key = (item: object) => JSON.stringify(item, (_k, v) => (typeof v === 'bigint' ? v.toString() : v));
  const byTime = <T extends { at: Date }>(items: T[]) =>
    items
      .map((item) => ({ ...item, at: item.at.toISOString() }))
      .sort((a, b) => key(a).localeCompare(key(b)));
  return {
    ...snapshot,
    firstSeenAt: snapshot.firstSeenAt.toISOString(),
    openInvoices: snapshot.openInvoices
      .map((invoice) => ({ ...invoice, overdueAt: invoice.overdueAt.toISOString() }))
      .sort((a, b) => a.invoiceId.localeCompare(b.invoiceId)),
    issued: byTime(snapshot.issued),
    payments: byTime(snapshot.payments),
    settlements: byTime(snapshot.settlements),
    partPayments: byTime(snapshot.partPayments),
    promises: byTime(snapshot.promises),
  };
}

const daysFromNow = (days: number) => new Date(Date.now() + days * DAY);

describe('credit-risk through real Kafka and PostgreSQL: limits, financials, docs, replay', () => {
  let h: RiskHarness;
  beforeAll(async () => {
    h = await startRiskHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it('an open balance above the credit limit puts the customer on hold', async () => {
    const id = 'overextended';
    await h.publishLedger([
      customer(id),
      invoice({
        invoiceId: 'o-1',
        customerId: id,
        amount: '10000',
        currency: 'JPY',
        overdueAt: daysFromNow(20),
      }),
    ]);
    await waitFor(async () => (await h.risk(id))?.currency === 'JPY', { what: 'first assessment' });
    // A current ratio below 1 makes it class C and halves its limit: 1 month of volume × 0.5 = 5,000.
    const put = await h.service.app.inject({
      headers: adminAuth,
      method: 'PUT',
      url: `/v1/customers/${id}/financials`,
      payload: { currentRatio: 0.6, quickRatio: 0.4, debtRatio: 0.8, period: '2026-Q3' },
    });
    expect(put.statusCode).toBe(200);
    const held = await waitFor(
      async () => {
        const r = await h.risk(id);
        return r?.onHold === true && r;
      },
      { what: 'hold on limit breach' },
    );
    expect(held).toMatchObject({ class: 'C', creditLimit: '5000', currency: 'JPY' });
    expect(held.holdReason).toContain('above credit limit 5000 JPY');
    const placed = await waitFor(
      () => h.riskEvents.find((e) => e.type === 'risk.credit-hold.placed' && e.subject === id),
      { what: 'hold placed event' },
    );
    expect(placed.data.reason).toContain('open balance 10000 JPY');
  });

  it('takes reported financials with strict validation, and a current ratio below 1 lowers the score', async () => {
    const id = 'reporter';
    await h.publishLedger([customer(id)]);
    const before = await waitFor(() => h.risk(id), { what: 'first assessment' });
    const put = (body: unknown) =>
      h.service.app.inject({
        headers: adminAuth,
        method: 'PUT',
        url: `/v1/customers/${id}/financials`,
        payload: body as object,
      });

    const unknownField = await put({
      currentRatio: 0.8,
      quickRatio: 0.5,
      debtRatio: 0.7,
      period: '2026-Q3',
      x: 1,
    });
    expect(unknownField.statusCode).toBe(400);
    expect(unknownField.headers['content-type']).toContain('application/problem+json');
    expect(unknownField.body).toContain('x');
    expect(
      (await put({ currentRatio: 0.5, quickRatio: 0.9, debtRatio: 0.7, period: '2026-Q3' })).statusCode,
    ).toBe(400);
    expect(
      (await put({ currentRatio: -1, quickRatio: 0, debtRatio: 0.7, period: '2026-Q3' })).statusCode,
    ).toBe(400);
    expect((await put({ currentRatio: 0.8, quickRatio: 0.5, debtRatio: 0.7, period: 'Q3' })).statusCode).toBe(
      400,
    );
    expect(
      (await put({ currentRatio: '0.8', quickRatio: 0.5, debtRatio: 0.7, period: '2026-Q3' })).statusCode,
    ).toBe(400);

    const body = { currentRatio: 0.8, quickRatio: 0.5, debtRatio: 0.7, period: '2026-Q3' };
    expect((await put(body)).json()).toEqual({ customerId: id, status: 'updated' });
    expect((await put(body)).json()).toEqual({ customerId: id, status: 'unchanged' });
    const after = await waitFor(
      async () => {
        const risk = await h.risk(id);
        return risk?.trigger === 'financials reported' && risk;
      },
      { what: 're-score after financials' },
    );
    expect(after.score as number).toBeLessThan((before.score as number) - 15);

    const unknown = await h.service.app.inject({
      headers: adminAuth,
      method: 'GET',
      url: '/v1/customers/nobody/risk',
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.headers['content-type']).toContain('application/problem+json');
  });

  it('documents every route in OpenAPI', async () => {
    const docs = await h.service.app.inject({ headers: adminAuth, method: 'GET', url: '/docs/json' });
    expect(Object.keys(docs.json().paths)).toEqual(
      expect.arrayContaining([
        '/v1/customers/{customerId}/financials',
        '/v1/customers/{customerId}/risk',
        '/v1/customers/{customerId}/risk/history',
        '/v1/reports/concentration',
        '/v1/customers/{customerId}/alerts',
        '/v1/alerts/{alertId}/resolve',
      ]),
    );
  });

  it('passes the OpenAPI lint (redocly.yaml) without errors or warnings', async () => {
    const docs = await h.service.app.inject({ headers: adminAuth, method: 'GET', url: '/docs/json' });
    expect(await lintOpenApi(docs.json())).toEqual([]);
  });

  it('the backtest replay builds the same profile as the service from the same events', async () => {
    const rnd = seededRandom(7);
    const customers = Array.from({ length: 8 }, (_, i) => generateCustomer(i, rnd));
    expect(new Set(customers.map((c) => c.archetype)).size).toBeGreaterThanOrEqual(3);
    // Every fifth event is delivered twice under a new id (a redelivered fact, not a redelivered message):
    // both the tables and the replay must keep it once.
    const events = customers
      .flatMap((c) => c.events)
      .flatMap((event, i) => (i % 5 === 0 ? [event, event] : [event]))
      .map((event) => ({ ...event, id: randomUUID() }));
    const replay = new HistoryReplay(DAY);
    for (const event of [...events].sort((a, b) => a.time.localeCompare(b.time))) replay.apply(event);

    const input = (e: (typeof events)[number]) => ({
      type: e.type as KnownEventType,
      data: e.data,
      time: e.time,
      id: e.id,
    });
    await h.publishLedger(events.filter((e) => e.type.startsWith('ledger.')).map(input));
    await h.publishDunning(events.filter((e) => e.type.startsWith('dunning.')).map(input));
    const { pool } = h.service.host;
    await waitFor(
      async () => {
        const result = await pool.query(
          'SELECT count(*)::int AS n FROM processed_events WHERE event_id = ANY($1)',
          [events.map((e) => e.id)],
        );
        return result.rows[0].n === events.length;
      },
      { what: `${events.length} events applied` },
    );

    const now = new Date('2026-12-31T00:00:00Z');
    const client = await pool.connect();
    try {
      for (const customer of customers) {
        const fromService = await loadSnapshot(client, customer.customerId, new Date(0));
        const fromReplay = replay.snapshot(customer.customerId);
        expect(fromService, customer.customerId).toBeDefined();
        expect(normalised(fromService!), customer.customerId).toEqual(normalised(fromReplay!));
        const options = { now, dayMs: DAY, model: riskModelV1, previousLimit: null, fallbackCurrency: 'CNY' };
        expect(assessCustomer(fromService!, options).score).toBe(assessCustomer(fromReplay!, options).score);
      }
    } finally {
      client.release();
    }
  });
});
