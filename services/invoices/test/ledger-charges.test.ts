import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEvent, DUNNING_CHARGE_LEVIED, type DunningChargeLeviedData, Topics } from '@dunning/contracts';
import { createKafka, type EventProducer, topicName } from '@dunning/kafka';
import { createPool } from '@dunning/pg';
import { sha256Hex } from '@dunning/service-runtime';
import {
  adminAuth,
  deleteTopics,
  dropSchemas,
  testAdminKey,
  testInfra,
  testLogger,
  uniqueName,
  waitFor,
} from '@dunning/testing';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { type InvoicesService, startInvoicesService } from '../src/service.ts';
import { customer, invoice } from './ledger-harness.ts';

const infra = testInfra();
const name = uniqueName('charges');
const prefix = `${name}.`;
const clock = { now: new Date('2026-11-20T00:00:00Z') };
// An ordinary key besides the admin one: its X-Acting-User must be ignored.
const collectorKey = 'collector-7-key-not-a-secret';
const keysFile = join(mkdtempSync(join(tmpdir(), 'charges-keys-')), 'keys.json');
writeFileSync(
  keysFile,
  JSON.stringify([
    { name: 'collector-7', sha256: sha256Hex(collectorKey), scopes: ['collector'], collectorId: 'col-7' },
  ]),
);
const config = loadConfig({
  DATABASE_URL: infra.databaseUrl,
  REDIS_URL: infra.redisUrl,
  KAFKA_BROKERS: infra.kafkaBrokers.join(','),
  KAFKA_TOPIC_PREFIX: prefix,
  DB_SCHEMA: name,
  LOG_LEVEL: 'warn',
  ADMIN_API_KEY: testAdminKey,
  API_KEYS_FILE: keysFile,
  PORT: '0',
});
const logger = testLogger('invoices');

const leviedAt = '2026-11-15T09:00:00.000Z';
const fee: DunningChargeLeviedData = {
  chargeId: 'S1.fee.CNY',
  noticeId: 'S1',
  customerId: 'c-ch',
  invoiceIds: ['i-ch'],
  kind: 'fee',
  currency: 'CNY',
  amount: '50.00',
  description: 'Dunning fee',
  leviedAt,
};
const interest: DunningChargeLeviedData = {
  chargeId: 'S1.interest.i-ch',
  noticeId: 'S1',
  customerId: 'c-ch',
  invoiceId: 'i-ch',
  invoiceIds: ['i-ch'],
  kind: 'interest',
  currency: 'CNY',
  amount: '8.76',
  annualRate: '0.08',
  principal: '1000.00',
  period: { fromDay: 0, toDay: 40 },
  description: 'Late-payment interest at 0.08 a year',
  leviedAt,
};
const levied = (data: DunningChargeLeviedData, id?: string) =>
  createEvent({ type: DUNNING_CHARGE_LEVIED, source: '/services/dunning', data, ...(id ? { id } : {}) });

describe('the ledger books dunning charges once (real Kafka and PostgreSQL)', () => {
  let service: InvoicesService;
  let pool: pg.Pool;
  let producer: EventProducer;
  const kafka = createKafka({ brokers: infra.kafkaBrokers, clientId: 'charges-test', logger });

  const request = async (method: 'GET' | 'POST', url: string, payload?: object) => {
    const response = await service.app.inject({
      method,
      url,
      headers: adminAuth,
      ...(payload ? { payload } : {}),
    });
    return { status: response.statusCode, body: JSON.parse(response.body) };
  };
  const publish = (...events: ReturnType<typeof levied>[]) =>
    producer.send({
      topic: topicName(prefix, Topics.dunningEvents),
      messages: events.map((e) => ({ key: e.data.customerId, value: JSON.stringify(e) })),
    });
  const booked = async (chargeId: string) =>
    Number(
      (await pool.query('SELECT count(*)::int AS n FROM charges WHERE charge_id = $1', [chargeId])).rows[0].n,
    );
  const facts = async (type: string) =>
    (
      await pool.query<{ event: { id: string; data: { chargeId: string } } }>(
        'SELECT event FROM facts_log WHERE event->>$1 = $2 ORDER BY id',
        ['type', type],
      )
    ).rows.map((r) => r.event);

  beforeAll(async () => {
    service = await startInvoicesService(config, logger, () => clock.now);
    await service.dunningConsumer.ready;
    pool = createPool({ connectionString: infra.databaseUrl, schema: name, applicationName: 'charges-test' });
    // The relay deletes outbox rows once Kafka has them: keep a copy of every fact.
    await pool.query(`
      CREATE TABLE facts_log (id bigserial PRIMARY KEY, event jsonb NOT NULL);
      CREATE FUNCTION copy_fact() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN INSERT INTO facts_log (event) VALUES (NEW.event); RETURN NULL; END $$;
      CREATE TRIGGER outbox_copy AFTER INSERT ON outbox FOR EACH ROW EXECUTE FUNCTION copy_fact();`);
    producer = await kafka.producer();
    expect(
      (
        await service.app.inject({
          method: 'PUT',
          url: '/v1/customers/c-ch',
          headers: adminAuth,
          payload: customer(),
        })
      ).statusCode,
    ).toBe(200);
    expect((await request('POST', '/v1/invoices', invoice('i-ch', 'c-ch', '1000.00', 'CNY'))).status).toBe(
      201,
    );
  });
  afterAll(async () => {
    await producer?.disconnect();
    await service?.stop();
    await pool?.end();
    await dropSchemas(infra.databaseUrl, [name]);
    await deleteTopics(infra.kafkaBrokers, prefix);
  });

  it('books a fee once though it is delivered three times with a restart in between', async () => {
    const first = levied(fee);
    await publish(first, levied(interest));
    await waitFor(async () => (await booked(interest.chargeId)) === 1);
    // Redelivered under the same event id, then the ledger restarts, then replayed under another id.
    await publish(first);
    await service.stop();
    service = await startInvoicesService(config, logger, () => clock.now);
    await service.dunningConsumer.ready;
    await publish(levied(fee, 'replayed-under-another-id'));
    // A marker after them on the customer's partition: once it is booked, the duplicates were seen.
    await publish(levied({ ...fee, chargeId: 'S2.fee.CNY', noticeId: 'S2' }));
    await waitFor(async () => (await booked('S2.fee.CNY')) === 1);
    expect(await booked(fee.chargeId)).toBe(1);
    const bookedFacts = await facts('ledger.charge.booked');
    expect(bookedFacts.map((e) => e.data.chargeId)).toEqual([fee.chargeId, interest.chargeId, 'S2.fee.CNY']);
    expect(
      (await pool.query('SELECT source_event_id FROM charges WHERE charge_id = $1', [fee.chargeId])).rows[0]
        .source_event_id,
    ).toBe(first.id);
  });

  it('lists charges as items of kind charge, apart from the principal, and keeps them when it is paid', async () => {
    const statement = (await request('GET', '/v1/customers/c-ch/statement')).body;
    expect(statement.charges.map((c: { kind: string; chargeId: string }) => [c.kind, c.chargeId])).toEqual([
      ['charge', fee.chargeId],
      ['charge', interest.chargeId],
      ['charge', 'S2.fee.CNY'],
    ]);
    expect(statement.charges[1]).toMatchObject({
      chargeKind: 'interest',
      invoiceId: 'i-ch',
      amount: '8.76',
      open: '8.76',
      status: 'open',
      principal: '1000.00',
      period: { fromDay: 0, toDay: 40 },
    });
    expect(statement.totals).toEqual([
      {
        currency: 'CNY',
        open: '1000.00',
        // Due 31 October, so overdue on 20 November; the charges are not in `open` or `overdue`.
        overdue: '1000.00',
        credit: '0.00',
        discounts: '0.00',
        charges: '108.76',
        net: '1108.76',
      },
    ]);

    const paid = await request('POST', '/v1/payments', {
      paymentId: 'p-ch',
      invoiceId: 'i-ch',
      amount: '1000.00',
      currency: 'CNY',
      receivedAt: '2026-11-19',
    });
    expect(paid.status).toBe(201);
    const after = (await request('GET', '/v1/customers/c-ch/statement')).body;
    expect(after.openItems).toEqual([]);
    expect(after.charges.map((c: { open: string }) => c.open)).toEqual(['50.00', '8.76', '50.00']);
    expect(after.totals[0]).toMatchObject({ open: '0.00', charges: '108.76', net: '108.76' });

    const view = (await request('GET', '/v1/invoices/i-ch')).body;
    expect(view).toMatchObject({ balance: '0.00', status: 'paid' });
    const charges = view.timeline.filter((t: { what: string }) => t.what === 'charge');
    expect(charges.map((t: { sourceId: string; amount: string }) => [t.sourceId, t.amount])).toEqual([
      [fee.chargeId, '50.00'],
      [interest.chargeId, '8.76'],
      ['S2.fee.CNY', '50.00'],
    ]);
  });

  it('ages open charges from the day they were levied, apart from the invoices', async () => {
    const aging = async (asOf: string) =>
      (await request('GET', `/v1/reports/aging?asOf=${asOf}&customerId=c-ch`)).body.currencies;
    // Before the levy: the invoice (not yet paid then, not yet due), no charges.
    expect((await aging('2026-11-10'))[0].charges).toBeUndefined();
    // 20 December: levied 35 days before; the invoice was paid on 19 November.
    const [cny] = await aging('2026-12-20');
    expect(cny.total).toEqual({ amount: '0.00', count: 0 });
    expect(cny.charges.total).toEqual({ amount: '108.76', count: 3 });
    expect(cny.charges.buckets.find((b: { bucket: string }) => b.bucket === '31-60')).toEqual({
      bucket: '31-60',
      amount: '108.76',
      count: 3,
    });
    expect((await aging('2026-11-15'))[0].charges.buckets[0]).toEqual({
      bucket: 'current',
      amount: '108.76',
      count: 3,
    });
  });

  it('waives a charge by a reversal: once, statement and aging drop, published, 404 when unknown', async () => {
    clock.now = new Date('2026-11-25T00:00:00Z');
    const waived = await request('POST', `/v1/charges/${interest.chargeId}/waive`, { reason: 'goodwill' });
    expect(waived.status).toBe(201);
    expect(waived.body).toMatchObject({
      chargeId: interest.chargeId,
      status: 'waived',
      open: '0.00',
      waiveReason: 'goodwill',
      waivedBy: 'admin',
      waivedAt: '2026-11-25T00:00:00.000Z',
    });
    const again = await request('POST', `/v1/charges/${interest.chargeId}/waive`, { reason: 'other reason' });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(waived.body);
    expect((await facts('ledger.charge.waived')).map((e) => e.data.chargeId)).toEqual([interest.chargeId]);

    const statement = (await request('GET', '/v1/customers/c-ch/statement')).body;
    expect(statement.totals[0]).toMatchObject({ charges: '100.00', net: '100.00' });
    expect(statement.charges[1]).toMatchObject({ status: 'waived', open: '0.00' });
    const timeline = (await request('GET', '/v1/invoices/i-ch')).body.timeline;
    expect(timeline.find((t: { what: string }) => t.what === 'charge-waived')).toMatchObject({
      sourceId: interest.chargeId,
      amount: '-8.76',
      detail: 'goodwill',
    });
    // As of a day before the waiver it was still owed; as of the waiver's day it is not.
    const before = (await request('GET', '/v1/reports/aging?asOf=2026-11-24&customerId=c-ch')).body;
    expect(before.currencies[0].charges.total.amount).toBe('108.76');
    const afterWaiver = (await request('GET', '/v1/reports/aging?asOf=2026-11-25&customerId=c-ch')).body;
    expect(afterWaiver.currencies[0].charges.total).toEqual({ amount: '100.00', count: 2 });

    expect((await request('POST', '/v1/charges/nope/waive', { reason: 'x' })).status).toBe(404);
    const blank = await request('POST', `/v1/charges/${fee.chargeId}/waive`, { reason: ' ' });
    expect(blank.status).toBe(400);
    expect(JSON.stringify(blank.body)).toContain('reason');
    expect((await request('GET', `/v1/charges/${fee.chargeId}`)).body).toMatchObject({ status: 'open' });
  });

  it("records the person the console waived for; an ordinary key's X-Acting-User is ignored", async () => {
    const second = { ...fee, chargeId: 'S2.fee.CNY', noticeId: 'S2' };
    await publish(levied(second));
    await waitFor(async () => (await booked(second.chargeId)) === 1);
    const waive = (chargeId: string, authorization: string) =>
      service.app.inject({
        method: 'POST',
        url: `/v1/charges/${chargeId}/waive`,
        headers: { authorization, 'x-acting-user': 'li.na' },
        payload: { reason: 'goodwill' },
      });
    expect((await waive(fee.chargeId, adminAuth.authorization)).json()).toMatchObject({
      waivedBy: 'admin:li.na',
    });
    expect((await waive(second.chargeId, `Bearer ${collectorKey}`)).json()).toMatchObject({
      waivedBy: 'collector-7',
    });
  });

  it('documents the charge routes with their scopes in /docs', async () => {
    const doc = (await request('GET', '/docs/json')).body;
    expect(doc.paths['/v1/charges/{chargeId}/waive'].post.operationId).toBe('waiveCharge');
    expect(JSON.stringify(doc.paths['/v1/charges/{chargeId}/waive'])).toContain('collector');
  });
});
