import {
  createEvent,
  DUNNING_TASK_OUTCOME_RECORDED,
  type DunningTaskOutcomeRecordedData,
  RISK_ASSESSMENT_CHANGED,
  type RiskAssessmentChangedData,
  Topics,
} from '@dunning/contracts';
import { createKafka, type EventProducer, topicName } from '@dunning/kafka';
import { adminAuth, testInfra, testLogger, waitFor } from '@dunning/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InvoicesService } from '../src/service.ts';
import { type FixtureInvoice, seedLedger, startReportsService } from './reports-fixture.ts';

// One ledger for the overdue-reasons, top-customers, provision and trends reports, seen on 2028-04-15
// (reporting zone UTC). EUR, JPY (no decimals) and KWD (3 decimals); 2028 is a leap year.
const customers: Record<
  string,
  { industry: string; country: string; collectorId: string; timezone: string }
> = {
  A: { industry: 'retail', country: 'DE', collectorId: 'col-1', timezone: 'UTC' },
  B: { industry: 'construction', country: 'KW', collectorId: 'col-2', timezone: 'Asia/Kuwait' },
  C: { industry: 'retail', country: 'JP', collectorId: 'col-1', timezone: 'Asia/Tokyo' },
  D: { industry: 'construction', country: 'DE', collectorId: 'col-2', timezone: 'UTC' },
  E: { industry: 'retail', country: 'JP', collectorId: 'col-2', timezone: 'UTC' },
  F: { industry: 'retail', country: 'DE', collectorId: 'col-1', timezone: 'UTC' },
  G: { industry: 'retail', country: 'DE', collectorId: 'col-1', timezone: 'UTC' },
  H: { industry: 'retail', country: 'DE', collectorId: 'col-1', timezone: 'UTC' },
  K: { industry: 'construction', country: 'KW', collectorId: 'col-2', timezone: 'Asia/Kuwait' },
};

const eur = (id: string, customerId: string, amount: string, issueDate: string, dueDate: string) => ({
  id,
  customerId,
  currency: 'EUR',
  amount,
  issueDate,
  dueDate,
});
const invoices: FixtureInvoice[] = [
  // EUR
  {
    ...eur('R1', 'A', '100.00', '2028-01-15', '2028-02-15'),
    entries: [{ kind: 'payment', amount: '100.00', at: '2028-03-20' }],
  },
  {
    ...eur('R4', 'A', '50.00', '2028-02-01', '2028-03-01'),
    entries: [{ kind: 'credit', amount: '50.00', at: '2028-03-16' }],
  },
  eur('R5', 'A', '20.00', '2028-02-01', '2028-03-01'),
  {
    ...eur('R6', 'D', '30.00', '2028-01-10', '2028-02-10'),
    entries: [
      { kind: 'credit', amount: '20.00', at: '2028-03-21' },
      { kind: 'payment', amount: '10.00', at: '2028-03-22' },
    ],
  },
  eur('R7', 'E', '10.00', '2028-02-01', '2028-03-01'),
  {
    ...eur('T1', 'A', '200.00', '2028-02-10', '2028-03-10'),
    entries: [{ kind: 'payment', amount: '200.00', at: '2028-03-08' }],
  },
  {
    ...eur('T2', 'E', '500.00', '2028-03-01', '2028-03-31'),
    entries: [{ kind: 'payment', amount: '500.00', at: '2028-03-31T23:30:00Z' }],
  },
  {
    ...eur('T3', 'F', '300.00', '2028-02-01', '2028-03-01'),
    entries: [{ kind: 'payment', amount: '300.00', at: '2028-03-05' }],
  },
  {
    ...eur('T4', 'G', '5.00', '2028-02-01', '2028-03-01'),
    entries: [{ kind: 'payment', amount: '5.00', at: '2028-03-01' }],
  },
  {
    ...eur('T7', 'H', '1.00', '2028-02-01', '2028-03-01'),
    entries: [{ kind: 'payment', amount: '1.00', at: '2028-03-02' }],
  },
  // KWD
  {
    id: 'R2',
    customerId: 'B',
    currency: 'KWD',
    amount: '1.500',
    issueDate: '2028-01-02',
    dueDate: '2028-02-01',
    entries: [{ kind: 'write-off', amount: '1.500', at: '2028-03-25' }],
  },
  {
    id: 'T6',
    customerId: 'B',
    currency: 'KWD',
    amount: '2.250',
    issueDate: '2028-03-01',
    dueDate: '2028-03-15',
    entries: [
      { kind: 'payment', amount: '1.125', at: '2028-03-14T22:00:00Z' },
      { kind: 'payment', amount: '1.125', at: '2028-03-20T00:00:00Z' },
    ],
  },
  {
    id: 'P1',
    customerId: 'B',
    currency: 'KWD',
    amount: '10.000',
    issueDate: '2027-11-01',
    dueDate: '2027-11-30',
  },
  {
    id: 'P2',
    customerId: 'K',
    currency: 'KWD',
    amount: '0.333',
    issueDate: '2028-03-01',
    dueDate: '2028-03-31',
  },
  {
    id: 'P3',
    customerId: 'K',
    currency: 'KWD',
    amount: '0.100',
    issueDate: '2027-08-01',
    dueDate: '2027-09-01',
  },
  // JPY
  {
    id: 'R3',
    customerId: 'C',
    currency: 'JPY',
    amount: '5000',
    issueDate: '2028-01-30',
    dueDate: '2028-02-29',
    entries: [{ kind: 'payment', amount: '2000', at: '2028-04-02' }],
  },
  {
    id: 'T5',
    customerId: 'C',
    currency: 'JPY',
    amount: '10000',
    issueDate: '2028-02-10',
    dueDate: '2028-03-10',
    entries: [{ kind: 'payment', amount: '10000', at: '2028-03-10T15:30:00Z' }],
  },
  {
    id: 'W1',
    customerId: 'C',
    currency: 'JPY',
    amount: '3000',
    issueDate: '2027-10-01',
    dueDate: '2027-10-31',
    entries: [{ kind: 'write-off', amount: '3000', at: '2028-03-15' }],
  },
];

// Overdue reasons as the ledger keeps them (R7's comes through Kafka below).
const reasons: [string, string, string, 'task' | 'dispute', string, string][] = [
  ['R1', 'A', 'cash-flow', 'task', 'ev-1', '2028-03-05T10:00:00Z'],
  ['R2', 'B', 'bad-credit', 'task', 'ev-2', '2028-02-20T10:00:00Z'], // before the period
  ['R2', 'B', 'malicious', 'task', 'ev-3', '2028-03-10T10:00:00Z'],
  ['R3', 'C', 'logistics', 'task', 'ev-4', '2028-03-31T23:00:00Z'], // the last hour of the period
  ['R4', 'A', 'cash-flow', 'task', 'ev-5', '2028-03-02T10:00:00Z'],
  ['R4', 'A', 'contract-dispute', 'dispute', 'd-4', '2028-03-15T10:00:00Z'], // later: R4's reason
  ['R5', 'A', 'cash-flow', 'task', 'ev-6', '2028-04-01T00:00:00Z'], // the first instant after it
  ['R6', 'D', 'cash-flow', 'task', 'ev-7', '2028-03-20T10:00:00Z'],
];

const infra = testInfra();
const logger = testLogger('reports-insight');

describe('receivables insight reports', () => {
  let service: InvoicesService;
  let close: () => Promise<void>;
  let producer: EventProducer;
  let prefix: string;
  const kafka = createKafka({ brokers: infra.kafkaBrokers, clientId: 'reports-insight-test', logger });

  const get = async (url: string, headers: Record<string, string> = {}) => {
    const response = await service.app.inject({ method: 'GET', url, headers: { ...adminAuth, ...headers } });
    return {
      status: response.statusCode,
      type: String(response.headers['content-type']),
      text: response.body,
      body: response.headers['content-type']?.toString().includes('json')
        ? JSON.parse(response.body)
        : undefined,
    };
  };
  const count = async (sql: string, values: unknown[]) =>
    Number((await service.host.pool.query(sql, values)).rows[0].n);

  beforeAll(async () => {
    const started = await startReportsService(new Date('2028-04-15T12:00:00Z'));
    service = started.service;
    close = started.close;
    prefix = `${started.schema}.`;
    const pool = service.host.pool;
    for (const [id, profile] of Object.entries(customers)) {
      await pool.query('INSERT INTO customers (customer_id, profile) VALUES ($1, $2)', [
        id,
        {
          name: id,
          locale: 'en',
          timezone: profile.timezone,
          industry: profile.industry,
          address: { line1: 'x', city: 'y', country: profile.country },
          paymentTermsDays: 30,
          collectorId: profile.collectorId,
        },
      ]);
    }
    await seedLedger(service, invoices);
    for (const [invoiceId, customerId, reason, source, sourceId, at] of reasons) {
      await pool.query(
        `INSERT INTO overdue_reasons (invoice_id, customer_id, reason, source, source_id, recorded_at)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [invoiceId, customerId, reason, source, sourceId, at],
      );
    }
    // B was class A from mid-January; Kafka brings its class C of 10 March below.
    await pool.query(
      `INSERT INTO customer_risk_classes (customer_id, risk_class, assessed_at) VALUES ('B', 'A', '2028-01-15T00:00:00Z')`,
    );
    await Promise.all([service.dunningConsumer.ready, service.riskConsumer.ready]);
    producer = await kafka.producer();
  });
  afterAll(async () => {
    await producer?.disconnect();
    await close?.();
  });

  describe('consumers', () => {
    const outcome = (data: Partial<DunningTaskOutcomeRecordedData>, id: string) =>
      createEvent({
        type: DUNNING_TASK_OUTCOME_RECORDED,
        source: '/services/dunning',
        id,
        data: {
          taskId: 't-7',
          customerId: 'E',
          invoiceIds: ['R7'],
          collectorId: 'col-2',
          outcome: 'no-answer',
          overdueReason: 'operational',
          actor: 'collector-2',
          recordedAt: '2028-03-12T10:00:00.000Z',
          ...data,
        },
      });

    it('keeps the overdue reason of a task outcome once, and nothing for an outcome without one', async () => {
      const withReason = outcome({}, 'outcome-7');
      const messages = [
        outcome({ taskId: 't-5', invoiceIds: ['R5'], overdueReason: null }, 'outcome-5'),
        withReason,
        withReason, // redelivered
        // The marker: one key, one partition, so once it is kept every event before it was handled.
        outcome(
          {
            taskId: 't-8',
            customerId: 'A',
            invoiceIds: ['R5'],
            overdueReason: 'other',
            recordedAt: '2028-04-02T00:00:00.000Z',
          },
          'outcome-8',
        ),
      ].map((event) => ({ key: 'E', value: JSON.stringify(event) }));
      await producer.send({ topic: topicName(prefix, Topics.dunningEvents), messages });
      await waitFor(
        async () =>
          (await count(`SELECT count(*) AS n FROM overdue_reasons WHERE source_id = 'outcome-8'`, [])) === 1,
      );
      const kept = await service.host.pool.query(
        `SELECT invoice_id, customer_id, reason, recorded_at FROM overdue_reasons
         WHERE source = 'task' AND source_id LIKE 'outcome-%' ORDER BY recorded_at`,
      );
      expect(kept.rows).toEqual([
        {
          invoice_id: 'R7',
          customer_id: 'E',
          reason: 'operational',
          recorded_at: new Date('2028-03-12T10:00:00Z'),
        },
        {
          invoice_id: 'R5',
          customer_id: 'A',
          reason: 'other',
          recorded_at: new Date('2028-04-02T00:00:00Z'),
        },
      ]);
    });

    it("records each risk assessment's class with its time", async () => {
      const data: RiskAssessmentChangedData = {
        customerId: 'B',
        score: 25,
        class: 'C',
        warning: 'yellow',
        creditLimit: { amount: '100.000', currency: 'KWD' },
        onHold: false,
        modelVersion: 'test',
        assessedAt: '2028-03-10T00:00:00.000Z',
        trigger: 'test',
        previous: {
          class: 'A',
          warning: 'none',
          creditLimit: { amount: '100.000', currency: 'KWD' },
          onHold: false,
        },
      };
      const event = createEvent({ type: RISK_ASSESSMENT_CHANGED, source: '/services/credit-risk', data });
      await producer.send({
        topic: topicName(prefix, Topics.riskEvents),
        messages: [{ key: 'B', value: JSON.stringify(event) }],
      });
      await waitFor(
        async () =>
          (await count(`SELECT count(*) AS n FROM customer_risk_classes WHERE customer_id = 'B'`, [])) === 2,
      );
      expect(
        (
          await service.host.pool.query(
            `SELECT risk_class FROM customer_risk_classes WHERE customer_id = 'B' ORDER BY assessed_at`,
          )
        ).rows,
      ).toEqual([{ risk_class: 'A' }, { risk_class: 'C' }]);
    });
  });

  describe('GET /v1/reports/overdue-reasons', () => {
    // March 2028. Each invoice counts once, under the last reason it was given in March:
    //   R1 cash-flow (A, 100.00): paid on 03-20 → paid
    //   R6 cash-flow (D, 30.00): credit 20.00 on 03-21, then payment 10.00 on 03-22: the last reduction
    //      is a payment → paid
    //   R4 cash-flow on 03-02, then a dispute's contract-dispute on 03-15 → contract-dispute (A, 50.00),
    //      credited in full on 03-16 → credited
    //   R3 logistics at 23:00 on 03-31 (in the period; JPY 5000): 2000 paid on 04-02 → still open, 3000 owed
    //   R2 bad-credit in February does not count; malicious on 03-10 (B, KWD 1.500), written off → written off
    //   R7 operational, from Kafka (E, 10.00, unpaid) → open
    //   R5 cash-flow at 00:00 on 04-01, and other on 04-02: after the period, not counted
    const none = { paid: 0, credited: 0, writtenOff: 0, open: 0 };
    const expected = {
      from: '2028-03-01',
      to: '2028-03-31',
      reasons: [
        {
          reason: 'cash-flow',
          invoices: 2,
          customers: 2,
          outcomes: { ...none, paid: 2 },
          currencies: [
            {
              currency: 'EUR',
              invoices: 2,
              customers: 2,
              amount: '130.00',
              open: '0.00',
              outcomes: { ...none, paid: 2 },
            },
          ],
        },
        {
          reason: 'contract-dispute',
          invoices: 1,
          customers: 1,
          outcomes: { ...none, credited: 1 },
          currencies: [
            {
              currency: 'EUR',
              invoices: 1,
              customers: 1,
              amount: '50.00',
              open: '0.00',
              outcomes: { ...none, credited: 1 },
            },
          ],
        },
        {
          reason: 'logistics',
          invoices: 1,
          customers: 1,
          outcomes: { ...none, open: 1 },
          currencies: [
            {
              currency: 'JPY',
              invoices: 1,
              customers: 1,
              amount: '5000',
              open: '3000',
              outcomes: { ...none, open: 1 },
            },
          ],
        },
        {
          reason: 'malicious',
          invoices: 1,
          customers: 1,
          outcomes: { ...none, writtenOff: 1 },
          currencies: [
            {
              currency: 'KWD',
              invoices: 1,
              customers: 1,
              amount: '1.500',
              open: '0.000',
              outcomes: { ...none, writtenOff: 1 },
            },
          ],
        },
        {
          reason: 'operational',
          invoices: 1,
          customers: 1,
          outcomes: { ...none, open: 1 },
          currencies: [
            {
              currency: 'EUR',
              invoices: 1,
              customers: 1,
              amount: '10.00',
              open: '10.00',
              outcomes: { ...none, open: 1 },
            },
          ],
        },
      ],
    };

    it('groups the period by reason with amounts, customers and how the invoices ended', async () => {
      const response = await get('/v1/reports/overdue-reasons?from=2028-03-01&to=2028-03-31');
      expect(response.status).toBe(200);
      expect(response.body).toEqual(expected);
    });

    it("filters by the customers' industry: D (construction) and its R6 drop out", async () => {
      const { body } = await get('/v1/reports/overdue-reasons?from=2028-03-01&to=2028-03-31&industry=retail');
      // retail: A, C, E. B (malicious) and D (R6) are construction.
      expect(body.reasons.map((r: { reason: string; invoices: number }) => [r.reason, r.invoices])).toEqual([
        ['cash-flow', 1],
        ['contract-dispute', 1],
        ['logistics', 1],
        ['operational', 1],
      ]);
      expect(body.reasons[0].currencies[0].amount).toBe('100.00');
    });

    it('answers CSV, one line per reason and currency', async () => {
      const { status, type, text } = await get(
        '/v1/reports/overdue-reasons?from=2028-03-01&to=2028-03-31&format=csv',
      );
      expect(status).toBe(200);
      expect(type).toContain('text/csv');
      expect(text.split('\r\n')).toEqual([
        'from,to,reason,currency,invoices,customers,amount,open,paid,credited,writtenOff,stillOpen',
        '2028-03-01,2028-03-31,cash-flow,EUR,2,2,130.00,0.00,2,0,0,0',
        '2028-03-01,2028-03-31,contract-dispute,EUR,1,1,50.00,0.00,0,1,0,0',
        '2028-03-01,2028-03-31,logistics,JPY,1,1,5000,3000,0,0,0,1',
        '2028-03-01,2028-03-31,malicious,KWD,1,1,1.500,0.000,0,0,1,0',
        '2028-03-01,2028-03-31,operational,EUR,1,1,10.00,10.00,0,0,0,1',
        '',
      ]);
    });
  });

  describe('GET /v1/reports/top-customers', () => {
    // Payments in March 2028; days late = the payment's date in the customer's zone − due date.
    //   EUR, six paying customers → the top ceil(6 × 20 %) = 2:
    //     E 500.00 (T2 at 23:30 UTC on its due date 03-31: 0 days)
    //     A 300.00 (R1 100.00 on 03-20, due 02-15: 14 + 20 = 34 days; T1 200.00 on 03-08, due 03-10: −2)
    //       mean (34 − 2) / 2 = 16; population deviation √((18² + 18²) / 2) = 18
    //     F 300.00 ties with A and ranks after it (customerId); D 10.00, G 5.00, H 1.00
    //     total 1116.00; E 500 / 1116 = 0.448028… → 0.4480; A 300 / 1116 = 0.268817… → 0.2688;
    //     top 800 / 1116 = 0.716845… → 0.7168
    //   JPY: C alone, T5 paid at 15:30 UTC on 03-10 = 00:30 on 03-11 in Tokyo → 1 day late
    //   KWD: B alone, T6 in two halves: 22:00 UTC on 03-14 = 01:00 on 03-15 in Kuwait (0 days),
    //     00:00 UTC on 03-20 (5 days): mean 2.5, deviation 2.5
    it('ranks the top 20 % by amount collected, with their share and days-late spread', async () => {
      const { status, body } = await get('/v1/reports/top-customers?from=2028-03-01&to=2028-03-31');
      expect(status).toBe(200);
      expect(body).toEqual({
        from: '2028-03-01',
        to: '2028-03-31',
        currencies: [
          {
            currency: 'EUR',
            collected: '1116.00',
            payingCustomers: 6,
            topCustomers: 2,
            topCollected: '800.00',
            topShare: '0.7168',
            customers: [
              {
                customerId: 'E',
                rank: 1,
                collected: '500.00',
                share: '0.4480',
                payments: 1,
                daysLateMean: '0.0000',
                daysLateStdDev: '0.0000',
              },
              {
                customerId: 'A',
                rank: 2,
                collected: '300.00',
                share: '0.2688',
                payments: 2,
                daysLateMean: '16.0000',
                daysLateStdDev: '18.0000',
              },
            ],
          },
          {
            currency: 'JPY',
            collected: '10000',
            payingCustomers: 1,
            topCustomers: 1,
            topCollected: '10000',
            topShare: '1.0000',
            customers: [
              {
                customerId: 'C',
                rank: 1,
                collected: '10000',
                share: '1.0000',
                payments: 1,
                daysLateMean: '1.0000',
                daysLateStdDev: '0.0000',
              },
            ],
          },
          {
            currency: 'KWD',
            collected: '2.250',
            payingCustomers: 1,
            topCustomers: 1,
            topCollected: '2.250',
            topShare: '1.0000',
            customers: [
              {
                customerId: 'B',
                rank: 1,
                collected: '2.250',
                share: '1.0000',
                payments: 2,
                daysLateMean: '2.5000',
                daysLateStdDev: '2.5000',
              },
            ],
          },
        ],
      });
    });

    it("filters by collector: col-2's EUR payers are D and E, so E alone is the top", async () => {
      const { body } = await get(
        '/v1/reports/top-customers?from=2028-03-01&to=2028-03-31&collectorId=col-2&currency=EUR',
      );
      // 500 / 510 = 0.980392… → 0.9804
      expect(body.currencies).toEqual([
        expect.objectContaining({
          currency: 'EUR',
          collected: '510.00',
          payingCustomers: 2,
          topShare: '0.9804',
        }),
      ]);
    });
  });

  describe('GET /v1/reports/provision', () => {
    // KWD as of 2028-03-31 (B is class C from 03-10, K never assessed → unknown):
    //   P1 (B, 10.000, due 2027-11-30): 31 + 31 + 29 + 31 = 122 days → 91-180 × C 60 % = 6.000
    //   P2 (K, 0.333, due 03-31): current × unknown 1 % = 3.33 fils → 0.003
    //   P3 (K, 0.100, due 2027-09-01): 212 days → 181+ × unknown 75 % = 0.075
    //   R2 written off on 03-25, T6 paid: not open. Total 10.433, provision 6.078.
    // Trend (months=2: February and March):
    //   as of 01-31: R2 due 02-01 → current × A 0.5 % of 1500 fils = 7.5 → 8 fils; P1 62 days → 61-90 × A
    //     10 % = 1.000; P3 152 days → 91-180 × unknown 40 % = 0.040 → 1.048
    //   as of 02-29: R2 28 days → 1-30 × A 1 % = 0.015; P1 91 days → 91-180 × A 25 % = 2.500; P3 181 days →
    //     181+ × 75 % = 0.075 → 2.590
    //   February: no write-off → coverage null. March: R2's 1.500 written off; coverage = 2.590 / 1.500
    //     = 1.726666… → 1.7267
    it('applies the matrix per risk class and bucket, with the monthly coverage of write-offs', async () => {
      const { status, body } = await get('/v1/reports/provision?asOf=2028-03-31&months=2&currency=KWD');
      expect(status).toBe(200);
      const zero = (bucket: string, rate: string) => ({
        bucket,
        count: 0,
        balance: '0.000',
        rate,
        provision: '0.000',
      });
      expect(body.currencies).toEqual([
        {
          currency: 'KWD',
          balance: '10.433',
          provision: '6.078',
          classes: [
            {
              riskClass: 'C',
              balance: '10.000',
              provision: '6.000',
              buckets: [
                zero('current', '3'),
                zero('1-30', '5'),
                zero('31-60', '15'),
                zero('61-90', '30'),
                { bucket: '91-180', count: 1, balance: '10.000', rate: '60', provision: '6.000' },
                zero('181+', '100'),
              ],
            },
            {
              riskClass: 'unknown',
              balance: '0.433',
              provision: '0.078',
              buckets: [
                { bucket: 'current', count: 1, balance: '0.333', rate: '1', provision: '0.003' },
                zero('1-30', '2'),
                zero('31-60', '5'),
                zero('61-90', '15'),
                zero('91-180', '40'),
                { bucket: '181+', count: 1, balance: '0.100', rate: '75', provision: '0.075' },
              ],
            },
          ],
        },
      ]);
      expect(body.trend).toEqual([
        {
          month: '2028-02',
          from: '2028-02-01',
          to: '2028-02-29',
          currencies: [
            {
              currency: 'KWD',
              provisionAtStart: '1.048',
              provisionAtEnd: '2.590',
              writtenOff: '0.000',
              coverage: null,
            },
          ],
        },
        {
          month: '2028-03',
          from: '2028-03-01',
          to: '2028-03-31',
          currencies: [
            {
              currency: 'KWD',
              provisionAtStart: '2.590',
              provisionAtEnd: '6.078',
              writtenOff: '1.500',
              coverage: '1.7267',
            },
          ],
        },
      ]);
      expect(body.matrix.C['181+']).toBe('100');
    });
  });

  describe('GET /v1/reports/trends', () => {
    // The last two whole months before 2028-04-15, JPY (C's invoices):
    //   February (29 days): opening AR (01-31) = R3 5000 + W1 3000 = 8000; credit sales = T5 10000;
    //     closing AR = 5000 + 10000 + 3000 = 18000; current (due on or after 02-29) = R3 + T5 = 15000;
    //     over 90 days = W1 (due 2027-10-31: 121 days) 3000; nothing written off
    //     DSO = 18000 / 10000 × 29 = 52.2 (target ≤ 45: missed); AR turnover = 2 × 10000 / 26000 =
    //     0.769230… → 0.7692 (≥ 0.75: met); overdue ratio = 3000 / 18000 → 0.1667 (≤ 0.25: met);
    //     90+ share = 3000 / 18000 → 0.1667 (≤ 0.05: missed); CEI = (8000 + 10000 − 18000) / (8000 +
    //     10000 − 15000) × 100 = 0 (≥ 80: missed); bad-debt rate = 0 / 18000 = 0 (≤ 0.01: met)
    //   March (31 days): opening 18000; no sales; T5 paid, W1 written off (3000): closing = R3 5000,
    //     past due, 31 days → current 0, over 90 0
    //     DSO null (no sales: missed); AR turnover 0 (missed); overdue ratio 1 (missed); 90+ share 0
    //     (met); CEI = (18000 − 5000) / 18000 × 100 = 72.2222 (missed); bad-debt = 3000 / 18000 → 0.1667
    //     (missed)
    const figure = (value: string | null, target: string, better: 'lower' | 'higher', met: boolean) => ({
      value,
      target,
      better,
      met,
    });
    it('gives each month its KPIs against their targets', async () => {
      const { status, body } = await get('/v1/reports/trends?months=2&currency=JPY');
      expect(status).toBe(200);
      expect(body).toEqual({
        months: [
          {
            month: '2028-02',
            from: '2028-02-01',
            to: '2028-02-29',
            currencies: [
              {
                currency: 'JPY',
                dso: figure('52.2000', '45', 'lower', false),
                arTurnover: figure('0.7692', '0.75', 'higher', true),
                overdueRatio: figure('0.1667', '0.25', 'lower', true),
                over90Share: figure('0.1667', '0.05', 'lower', false),
                badDebtRate: figure('0.0000', '0.01', 'lower', true),
                cei: figure('0.0000', '80', 'higher', false),
              },
            ],
          },
          {
            month: '2028-03',
            from: '2028-03-01',
            to: '2028-03-31',
            currencies: [
              {
                currency: 'JPY',
                dso: figure(null, '45', 'lower', false),
                arTurnover: figure('0.0000', '0.75', 'higher', false),
                overdueRatio: figure('1.0000', '0.25', 'lower', false),
                over90Share: figure('0.0000', '0.05', 'lower', true),
                badDebtRate: figure('0.1667', '0.01', 'lower', false),
                cei: figure('72.2222', '80', 'higher', false),
              },
            ],
          },
        ],
      });
    });

    it('computes a month as the KPI report computes that period', async () => {
      const kpis = (await get('/v1/reports/kpis?from=2028-03-01&to=2028-03-31&currency=JPY')).body;
      expect(kpis.currencies[0]).toMatchObject({ cei: '72.2222', badDebtRate: '0.1667', dso: null });
    });
  });

  describe('GET /v1/reports/aging with the new options', () => {
    it('splits 90+ into 91-180 and 181+ with buckets=extended, the default unchanged', async () => {
      // KWD as of 03-31: P2 current 0.333; P1 122 days 10.000; P3 212 days 0.100
      const extended = (await get('/v1/reports/aging?asOf=2028-03-31&currency=KWD&buckets=extended')).body;
      expect(
        extended.currencies[0].buckets.map((b: { bucket: string; amount: string }) => [b.bucket, b.amount]),
      ).toEqual([
        ['current', '0.333'],
        ['1-30', '0.000'],
        ['31-60', '0.000'],
        ['61-90', '0.000'],
        ['91-180', '10.000'],
        ['181+', '0.100'],
      ]);
      const standard = (await get('/v1/reports/aging?asOf=2028-03-31&currency=KWD')).body;
      expect(standard.currencies[0].buckets.at(-1)).toEqual({ bucket: '90+', amount: '10.100', count: 2 });
    });

    it('filters by country and collector, and answers CSV to Accept: text/csv', async () => {
      // Customers in Kuwait are B and K (KWD only); collector col-1 (A, C, F, G, H) has one open EUR
      // invoice as of 03-31: A's R5, 20.00 (R1, T1, T3, T4, T7 are paid, R4 credited)
      const kuwait = (await get('/v1/reports/aging?asOf=2028-03-31&country=KW')).body;
      expect(kuwait.currencies.map((c: { currency: string }) => c.currency)).toEqual(['KWD']);
      const col1 = (await get('/v1/reports/aging?asOf=2028-03-31&collectorId=col-1&currency=EUR')).body;
      expect(col1.currencies[0].total).toEqual({ amount: '20.00', count: 1 });
      const csv = await get('/v1/reports/aging?asOf=2028-03-31&currency=KWD', { accept: 'text/csv' });
      expect(csv.type).toContain('text/csv');
      expect(csv.text.split('\r\n').slice(0, 2)).toEqual([
        'asOf,currency,section,customerId,bucket,amount,count',
        '2028-03-31,KWD,invoices,,current,0.333,1',
      ]);
    });
  });

  it.each([
    ['top-customers', '?from=2028-03-31&to=2028-03-01', 'to'],
    ['overdue-reasons', '?from=2028-03-01', 'to'],
    ['trends', '?months=37', 'months'],
    ['provision', '?months=0', 'months'],
    ['provision', '?asOf=2028-02-30', 'asOf'],
    ['aging', '?buckets=wide', 'buckets'],
    ['kpis', '?from=2028-03-01&to=2028-03-31&country=Kuwait', 'country'],
    ['trends', '?format=xml', 'format'],
  ])('answers 400 problem+json naming the field for %s%s', async (report, query, field) => {
    const response = await get(`/v1/reports/${report}${query}`);
    expect(response.status).toBe(400);
    expect(response.type).toContain('application/problem+json');
    expect(response.text).toContain(field);
  });
});
