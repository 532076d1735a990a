import { createEvent } from '@dunning/contracts';
import { adminAuth, waitFor } from '@dunning/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DunningService } from '../src/service.ts';
import { type DunningUnderTest, dunningUnderTest } from './support/dunning-under-test.ts';
import { issued, settled } from './support/ledger-feed.ts';

/*
 * The fixture, period November 2026 ([2026-11-01, 2026-12-01)), written straight into the tables the
 * reports read (amounts in minor units: EUR 2 decimals, JPY none, KWD 3):
 *
 * A EUR 1000.00 overdue 10-01; paid 200.00 on 10-15 (before: 800.00 open at the start); in November paid
 *   300.00 (11-10) and credited 100.00 (11-20): recovered 400.00. Task T1 (col-a, 10-20). Notices: level 2
 *   by email+sms (10-25), level 2 by sms (11-12), level 3 by email (11-25, after its recovery: not counted
 *   for level or channel). → col-a, level 2, channel sms.
 * B EUR 500.00 overdue 10-10, written off 11-15 (not recovered). T1 covers it. Level 1 by email (10-20).
 *   → col-a, level 1, channel email; recovered 0.
 * C EUR 300.00 overdue 11-10 (after the start: not in the recovery report), paid 11-18 under task T5
 *   (col-a, 11-02). An sms notice on it (11-15) is not counted among the channel's notices.
 * D EUR 200.00 overdue 09-01, paid 10-20: closed before the period, not in it.
 * E JPY 50000 overdue 10-05; discount 1000 (11-24, not a recovery), the rest paid 11-25: recovered 49000.
 *   Tasks T2 (col-b, 10-10) and T3 (col-a, 11-26, after the payment) → col-b. No notice: level null, none.
 * F KWD 1.500 overdue 10-01; paid 0.500 (11-02), 0.100 of it reversed (11-03): recovered 0.400. No task
 *   (collector null); level 1 by letter (10-05).
 * G KWD 2.000 overdue 10-20, nothing moved. Task T4 (col-b, 10-25) → col-b, level null, none.
 *
 * Recovery totals: EUR 800.00 + 500.00 = 1300.00 open at the start, 400.00 recovered, 400/1300 = 0.3076…;
 * JPY 50000, 49000, 0.98; KWD 1.500 + 2.000 = 3.500, 0.400, 400/3500 = 0.1142….
 * Costs (COLLECTION_COSTS below): EUR sms 0.05 × 1 notice in November on A = 0.05, per unit recovered
 * 0.05 / 400.00 = 0.000125 → 0.0001; EUR email 0.01 × 1 (A's level 3, 11-25) on B's channel row, nothing
 * recovered there → null; KWD letter 0 notices in November → 0.000, 0 / 0.400 = 0.0000.
 *
 * Collectors in November: col-a EUR: T5 created; T1 (promise-to-pay) and T5 (paid) done; promises P1
 * (recorded 11-05, kept 11-20) and P3 (recorded 11-28, pending); recovered A 400.00 + C 300.00 = 700.00;
 * cost 2 tasks × 4.00 = 8.00, 8 / 700 = 0.0114…. col-a JPY: T3 created. col-b JPY: T2 done (no-answer),
 * P2 (recorded 10-01) broken 11-04; recovered E 49000; cost 1 × 500, 500 / 49000 = 0.0102….
 * `@evil` EUR: a task created 11-03 (a collector id a spreadsheet would run: the CSV quotes it).
 * T6 is in the legal queue and counts nowhere.
 */
const costs = {
  EUR: { task: '4.00', sms: '0.05', email: '0.01' },
  JPY: { task: '500' },
  KWD: { letter: '0.375' },
};

const cases: [string, string, string, number, number, string, string | null, string | null][] = [
  // invoice, customer, currency, amount, balance now, overdue at, closed reason, closed at
  ['A', 'cu-1', 'EUR', 100_000, 50_000, '2026-10-01', null, null],
  ['B', 'cu-1', 'EUR', 50_000, 50_000, '2026-10-10', 'written-off', '2026-11-15'],
  ['C', 'cu-2', 'EUR', 30_000, 0, '2026-11-10', 'paid', '2026-11-18'],
  ['D', 'cu-2', 'EUR', 20_000, 0, '2026-09-01', 'paid', '2026-10-20'],
  ['E', 'cu-3', 'JPY', 50_000, 0, '2026-10-05', 'paid', '2026-11-25'],
  ['F', 'cu-4', 'KWD', 1_500, 1_100, '2026-10-01', null, null],
  ['G', 'cu-4', 'KWD', 2_000, 2_000, '2026-10-20', null, null],
];
const movements: [string, string, string, number, string][] = [
  // invoice, source, kind, delta, at
  ['A', 'pay-1', 'payment', 20_000, '2026-10-15T12:00:00Z'],
  ['A', 'pay-2', 'payment', 30_000, '2026-11-10T12:00:00Z'],
  ['A', 'cn-1', 'credit-note', 10_000, '2026-11-20T12:00:00Z'],
  ['B', 'close', 'written-off', 50_000, '2026-11-15T12:00:00Z'],
  ['C', 'close', 'paid', 30_000, '2026-11-18T12:00:00Z'],
  ['D', 'close', 'paid', 20_000, '2026-10-20T12:00:00Z'],
  ['E', 'disc-1', 'discount', 1_000, '2026-11-24T12:00:00Z'],
  ['E', 'close', 'paid', 49_000, '2026-11-25T12:00:00Z'],
  ['F', 'pay-3', 'payment', 500, '2026-11-02T12:00:00Z'],
  ['F', 'rev-1', 'payment', -100, '2026-11-03T12:00:00Z'],
];
const tasks: [string, string, string, string, string[], string, string, string | null, string | null][] = [
  // task, collector, currency, queue, invoices, created, status, done at, outcome
  ['T1', 'col-a', 'EUR', 'collections', ['A', 'B'], '2026-10-20', 'done', '2026-11-05', 'promise-to-pay'],
  ['T2', 'col-b', 'JPY', 'collections', ['E'], '2026-10-10', 'done', '2026-11-03', 'no-answer'],
  ['T3', 'col-a', 'JPY', 'collections', ['E'], '2026-11-26', 'claimed', null, null],
  ['T4', 'col-b', 'KWD', 'collections', ['G'], '2026-10-25', 'claimed', null, null],
  ['T5', 'col-a', 'EUR', 'collections', ['C'], '2026-11-02', 'done', '2026-11-16', 'paid'],
  ['T6', 'col-a', 'EUR', 'legal', ['A'], '2026-11-03', 'claimed', null, null],
  ['T7', '@evil', 'EUR', 'collections', ['elsewhere'], '2026-11-03', 'claimed', null, null],
];
const steps: [string, string, number, string, string[]][] = [
  // step, invoice, notice level, executed at, channels (with a call task that is no channel)
  ['S-A2', 'A', 2, '2026-10-25', ['email', 'sms', 'call-task']],
  ['S-A2b', 'A', 2, '2026-11-12', ['sms']],
  ['S-A3', 'A', 3, '2026-11-25', ['email']],
  ['S-B1', 'B', 1, '2026-10-20', ['email']],
  ['S-C1', 'C', 1, '2026-11-15', ['sms']],
  ['S-F1', 'F', 1, '2026-10-05', ['letter']],
];
const promises: [string, string, string, string, string, string | null][] = [
  // promise, collector, currency, recorded at, status, settled at
  ['P1', 'col-a', 'EUR', '2026-11-05', 'kept', '2026-11-20'],
  ['P2', 'col-b', 'JPY', '2026-10-01', 'broken', '2026-11-04'],
  ['P3', 'col-a', 'EUR', '2026-11-28', 'pending', null],
];

describe('recovery and collector reports against a fixture computed by hand', () => {
  let run: DunningUnderTest;
  let service: DunningService;

  beforeAll(async () => {
    // The sweeper must leave the fixture's tasks with their collectors.
    run = await dunningUnderTest({
      TASK_CLAIM_SLA_DAYS: '100000000',
      COLLECTION_COSTS: JSON.stringify(costs),
    });
    service = await run.start();
    const q = (text: string, values: unknown[]) => run.pool.query(text, values);
    for (const [id, customer, currency, amount, balance, overdue, reason, closedAt] of cases)
      await q(
        `INSERT INTO dunning_cases (invoice_id, customer_id, currency, amount_minor, balance_minor, due_date,
           opened_by_event, overdue_at, status, close_reason, closed_at)
         VALUES ($1, $2, $3, $4, $5, $6::text, 'fixture', $6::timestamptz, $7, $8, $9)`,
        [id, customer, currency, amount, balance, overdue, reason ? 'closed' : 'active', reason, closedAt],
      );
    for (const [invoice, source, kind, delta, at] of movements)
      await q(
        `INSERT INTO balance_movements (invoice_id, source_id, customer_id, currency, kind, delta_minor, at)
         SELECT $1, $2, customer_id, currency, $3, $4, $5 FROM dunning_cases WHERE invoice_id = $1`,
        [invoice, source, kind, delta, at],
      );
    for (const [id, collector, currency, queue, invoices, created, status, doneAt, outcome] of tasks)
      await q(
        `INSERT INTO collector_tasks (task_id, customer_id, kind, step_id, step_name, invoice_ids, currency,
           amount_minor, priority, base_priority, collector_id, status, created_at, done_at, outcome, queue)
         VALUES ($1, 'cu-1', 'call', 's', 'reminder', $2, $3, 1, 1, 1, $4, $5, $6, $7, $8, $9)`,
        [id, invoices, currency, collector, status, created, doneAt, outcome && { outcome }, queue],
      );
    for (const [step, invoice, level, at, channels] of steps) {
      await q(
        `INSERT INTO dunning_steps (step_id, invoice_id, customer_id, policy_id, policy_version, level, name,
           offset_days, definition, due_at, run_at, status, executed_at, notice_level, notice_step_id)
         VALUES ($1, $2, 'cu', 'standard', 1, $3, 'n', 0, '{}', $4::timestamptz, $4, 'done', $4, $3, $1)`,
        [step, invoice, level, at],
      );
      for (const channel of channels)
        await q(
          `INSERT INTO step_actions (action_id, step_id, customer_id, policy_id, step_name, action, invoice_ids,
             requested_at) VALUES ($1 || '.' || $2, $1, 'cu', 'standard', 'n', $2, $3, $4)`,
          [step, channel, [invoice], at],
        );
    }
    for (const [id, collector, currency, recorded, status, settledAt] of promises)
      await q(
        `INSERT INTO payment_promises (promise_id, customer_id, task_id, collector_id, invoice_ids, promised_date,
           currency, amount_minor, check_at, status, recorded_at, settled_at)
         VALUES ($1, 'cu', 'T1', $2, '{A}', '2099-01-01', $3, 1, '2099-01-01', $4, $5, $6)`,
        [id, collector, currency, status, recorded, settledAt],
      );
  });
  afterAll(async () => {
    await run?.close();
  });

  const november = 'from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z';
  const get = (url: string, accept = 'application/json') =>
    service.app.inject({ method: 'GET', url, headers: { ...adminAuth, accept } });
  const json = async (url: string) => {
    const response = await get(url);
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  };
  const fig = (
    invoices: number,
    recoveredInvoices: number,
    overdue: string,
    recovered: string,
    rate: string,
  ) => ({
    invoices,
    recoveredInvoices,
    overdueAtStart: overdue,
    recovered,
    recoveryRate: rate,
  });

  it('reports the recovery of what was overdue at the start, per collector, level and channel', async () => {
    const report = await json(`/v1/reports/recovery?${november}`);
    expect(report.total).toEqual([
      { currency: 'EUR', ...fig(2, 1, '1300.00', '400.00', '0.3076') },
      { currency: 'JPY', ...fig(1, 1, '50000', '49000', '0.9800') },
      { currency: 'KWD', ...fig(2, 1, '3.500', '0.400', '0.1142') },
    ]);
    expect(report.byCollector).toEqual([
      { collectorId: 'col-a', currency: 'EUR', ...fig(2, 1, '1300.00', '400.00', '0.3076') },
      { collectorId: 'col-b', currency: 'JPY', ...fig(1, 1, '50000', '49000', '0.9800') },
      { collectorId: null, currency: 'KWD', ...fig(1, 1, '1.500', '0.400', '0.2666') },
      { collectorId: 'col-b', currency: 'KWD', ...fig(1, 0, '2.000', '0.000', '0.0000') },
    ]);
    expect(report.byLevel).toEqual([
      { level: 1, currency: 'EUR', ...fig(1, 0, '500.00', '0.00', '0.0000') },
      { level: 2, currency: 'EUR', ...fig(1, 1, '800.00', '400.00', '0.5000') },
      { level: null, currency: 'JPY', ...fig(1, 1, '50000', '49000', '0.9800') },
      { level: null, currency: 'KWD', ...fig(1, 0, '2.000', '0.000', '0.0000') },
      { level: 1, currency: 'KWD', ...fig(1, 1, '1.500', '0.400', '0.2666') },
    ]);
    expect(report.byChannel).toEqual([
      {
        channel: 'email',
        currency: 'EUR',
        ...fig(1, 0, '500.00', '0.00', '0.0000'),
        notices: 1,
        cost: '0.01',
        costPerRecoveredUnit: null,
      },
      {
        channel: 'sms',
        currency: 'EUR',
        ...fig(1, 1, '800.00', '400.00', '0.5000'),
        notices: 1,
        cost: '0.05',
        costPerRecoveredUnit: '0.0001',
      },
      {
        channel: 'none',
        currency: 'JPY',
        ...fig(1, 1, '50000', '49000', '0.9800'),
        notices: 0,
        cost: null,
        costPerRecoveredUnit: null,
      },
      {
        channel: 'letter',
        currency: 'KWD',
        ...fig(1, 1, '1.500', '0.400', '0.2666'),
        notices: 0,
        cost: '0.000',
        costPerRecoveredUnit: '0.0000',
      },
      {
        channel: 'none',
        currency: 'KWD',
        ...fig(1, 0, '2.000', '0.000', '0.0000'),
        notices: 0,
        cost: null,
        costPerRecoveredUnit: null,
      },
    ]);
  });

  it('filters by currency and by collector', async () => {
    const kwd = await json(`/v1/reports/recovery?${november}&currency=KWD`);
    expect(kwd.total).toEqual([{ currency: 'KWD', ...fig(2, 1, '3.500', '0.400', '0.1142') }]);
    expect(kwd.byChannel.map((r: { currency: string }) => r.currency)).toEqual(['KWD', 'KWD']);
    const colB = await json(`/v1/reports/recovery?${november}&collectorId=col-b`);
    expect(colB.total).toEqual([
      { currency: 'JPY', ...fig(1, 1, '50000', '49000', '0.9800') },
      { currency: 'KWD', ...fig(1, 0, '2.000', '0.000', '0.0000') },
    ]);
    // October: A, D, F and G were not yet overdue on 1 October; D was, and was paid in full on 10-20.
    const october = await json('/v1/reports/recovery?from=2026-10-01T00:00:00Z&to=2026-11-01T00:00:00Z');
    expect(october.total).toEqual([{ currency: 'EUR', ...fig(1, 1, '200.00', '200.00', '1.0000') }]);
  });

  it('reports each collector’s tasks, outcomes, promises, recoveries and cost per unit recovered', async () => {
    const report = await json(`/v1/reports/collectors?${november}`);
    const none = { tasksDone: 0, outcomes: {}, promises: { recorded: 0, kept: 0, broken: 0 } };
    expect(report.collectors).toEqual([
      {
        collectorId: '@evil',
        currency: 'EUR',
        tasksCreated: 1,
        ...none,
        recovered: '0.00',
        cost: '0.00',
        costPerRecoveredUnit: null,
      },
      {
        collectorId: 'col-a',
        currency: 'EUR',
        tasksCreated: 1,
        tasksDone: 2,
        outcomes: { 'promise-to-pay': 1, paid: 1 },
        promises: { recorded: 2, kept: 1, broken: 0 },
        recovered: '700.00',
        cost: '8.00',
        costPerRecoveredUnit: '0.0114',
      },
      {
        collectorId: 'col-a',
        currency: 'JPY',
        tasksCreated: 1,
        ...none,
        recovered: '0',
        cost: '0',
        costPerRecoveredUnit: null,
      },
      {
        collectorId: 'col-b',
        currency: 'JPY',
        tasksCreated: 0,
        tasksDone: 1,
        outcomes: { 'no-answer': 1 },
        promises: { recorded: 0, kept: 0, broken: 1 },
        recovered: '49000',
        cost: '500',
        costPerRecoveredUnit: '0.0102',
      },
    ]);
    const filtered = await json(`/v1/reports/collectors?${november}&collectorId=col-a&currency=EUR`);
    expect(filtered.collectors.map((c: { recovered: string }) => c.recovered)).toEqual(['700.00']);
  });

  it('answers CSV with formulas neutralised', async () => {
    const collectors = await get(`/v1/reports/collectors?${november}&currency=EUR`, 'text/csv');
    expect(collectors.statusCode, collectors.body).toBe(200);
    expect(collectors.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(collectors.body).toBe(
      'collectorId,currency,tasksCreated,tasksDone,promise-to-pay,dispute,paid,no-answer,wrong-contact,' +
        'promisesRecorded,promisesKept,promisesBroken,recovered,cost,costPerRecoveredUnit\r\n' +
        "'@evil,EUR,1,0,0,0,0,0,0,0,0,0,0.00,0.00,\r\n" +
        'col-a,EUR,1,2,1,0,1,0,0,2,1,0,700.00,8.00,0.0114\r\n',
    );
    const recovery = await get(`/v1/reports/recovery?${november}&currency=KWD`, 'text/csv');
    expect(recovery.body.split('\r\n')).toEqual([
      'dimension,key,currency,invoices,recoveredInvoices,overdueAtStart,recovered,recoveryRate,notices,cost,costPerRecoveredUnit',
      'total,,KWD,2,1,3.500,0.400,0.1142',
      'collector,,KWD,1,1,1.500,0.400,0.2666',
      'collector,col-b,KWD,1,0,2.000,0.000,0.0000',
      'level,,KWD,1,0,2.000,0.000,0.0000',
      'level,1,KWD,1,1,1.500,0.400,0.2666',
      'channel,letter,KWD,1,1,1.500,0.400,0.2666,0,0.000,0.0000',
      'channel,none,KWD,1,0,2.000,0.000,0.0000,0,,',
      '',
    ]);
  });

  it('refuses a period that ends before it starts, naming the field, and is documented', async () => {
    const refused = await get('/v1/reports/recovery?from=2026-12-01T00:00:00Z&to=2026-11-01T00:00:00Z');
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors).toEqual([{ path: 'querystring.to', message: 'must be later than from' }]);
    const doc = (await get('/docs/json')).json();
    expect(doc.paths['/v1/reports/recovery'].get.operationId).toBe('getRecoveryReport');
    expect(JSON.stringify(doc.paths['/v1/reports/collectors'])).toContain('ops:read');
  });

  it('keeps the balance falls the ledger posts: a part payment, then what the settlement closed', async () => {
    await run.feed.publish([issued('cu-live', 'i-live', new Date(Date.now() + 60_000), '100.00', 'EUR')]);
    const rows = (sql: string) => run.pool.query(sql).then((r) => r.rows);
    await waitFor(
      async () => (await rows(`SELECT 1 FROM dunning_cases WHERE invoice_id = 'i-live'`)).length > 0,
      {
        what: 'the case opened',
      },
    );
    const partPayment = createEvent({
      type: 'ledger.invoice.balance-changed',
      source: '/services/invoices',
      data: {
        invoiceId: 'i-live',
        customerId: 'cu-live',
        currency: 'EUR',
        amount: '100.00',
        previousBalance: '100.00',
        balance: '60.00',
        cause: 'payment',
        sourceId: 'pay-live',
        occurredAt: new Date().toISOString(),
      },
    });
    // Delivered twice under two event ids: one movement.
    await run.feed.publish([partPayment, { ...partPayment, id: `${partPayment.id}-again` }]);
    await run.feed.publish([settled('cu-live', 'i-live', '100.00', 'EUR')]);
    await waitFor(
      async () =>
        (await rows(`SELECT 1 FROM dunning_cases WHERE invoice_id = 'i-live' AND status = 'closed'`)).length >
        0,
      { what: 'the case closed' },
    );
    expect(
      await rows(
        `SELECT source_id, kind, delta_minor FROM balance_movements WHERE invoice_id = 'i-live' ORDER BY at, source_id`,
      ),
    ).toEqual([
      { source_id: 'pay-live', kind: 'payment', delta_minor: 4000n },
      { source_id: 'close', kind: 'paid', delta_minor: 6000n },
    ]);
  });
});
