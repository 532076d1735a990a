import { createEvent, type LedgerEvent } from '@dunning/contracts';
import { withTransaction } from '@dunning/pg';
import { testLogger } from '@dunning/testing';
import { afterAll, describe, expect, it } from 'vitest';
import type { CommandContext } from '../src/commands/command-context.ts';
import { handleLedgerChunk } from '../src/consumers/ledger-events.consumer.ts';
import { eventToPlanSeconds } from '../src/metrics.ts';
import { type DunningUnderTest, dunningUnderTest } from './support/dunning-under-test.ts';
import { disputeOpened, disputeResolved, issued, settled } from './support/ledger-feed.ts';

const runs: DunningUnderTest[] = [];
afterAll(async () => {
  for (const run of runs) await run.close();
});

const NOW = new Date('2026-12-01T00:00:00Z');
// When the ledger recorded the invoices of the lagging-consumer test: dunning reads them a minute later.
const RECORDED = new Date(NOW.getTime() - 60_000);
// Far after NOW: no step falls due while the test looks at them.
const OVERDUE_AT = new Date('2027-03-01T00:00:00Z');

function profile(customerId: string, timezone: string) {
  return createEvent({
    type: 'ledger.customer.upserted',
    source: '/services/invoices',
    data: {
      customerId,
      name: 'Acme',
      locale: 'en',
      timezone,
      industry: 'wholesale',
      address: { line1: '1 Main St', city: 'Shanghai', country: 'CN' },
      paymentTermsDays: 30,
      collectorId: 'col-1',
    },
  });
}

function balanceChanged(
  customerId: string,
  invoiceId: string,
  balance: string,
  options: { cause?: 'payment' | 'dispute-adjustment'; occurredAt?: Date; postedAt?: Date } = {},
) {
  return createEvent({
    type: 'ledger.invoice.balance-changed',
    source: '/services/invoices',
    ...(options.postedAt ? { time: options.postedAt.toISOString() } : {}),
    data: {
      invoiceId,
      customerId,
      currency: 'CNY',
      amount: '1000.00',
      previousBalance: '1000.00',
      balance,
      cause: options.cause ?? 'payment',
      sourceId: `p-${invoiceId}`,
      occurredAt: (options.occurredAt ?? NOW).toISOString(),
    },
  });
}

/** A fact as the ledger posted it `secondsAfter` RECORDED, whenever dunning gets to it. */
const postedAt = <E extends { time: string }>(event: E, secondsAfter: number): E => ({
  ...event,
  time: new Date(RECORDED.getTime() + secondsAfter * 1000).toISOString(),
});

/** Issued invoices in bulk, woven with a customer's profile, reordered facts and a duplicate. */
function mixedChunk(): LedgerEvent[] {
  const first = issued('c-1', 'i-1', OVERDUE_AT);
  return [
    profile('c-1', 'Asia/Shanghai'),
    first,
    issued('c-2', 'i-2', OVERDUE_AT),
    // Settled before its issue arrives: the case opens closed.
    settled('c-3', 'i-3'),
    issued('c-3', 'i-3', OVERDUE_AT),
    // Disputed before its issue arrives: the case opens paused.
    disputeOpened('c-2', 'i-4', 'd-4'),
    issued('c-2', 'i-4', OVERDUE_AT),
    balanceChanged('c-2', 'i-2', '400.00'),
    // The same invoice under another event id: its case exists.
    { ...first, id: 'another-id' },
    profile('c-1', 'America/Chicago'),
    issued('c-1', 'i-5', OVERDUE_AT),
    ...Array.from({ length: 30 }, (_, n) => issued(`c-bulk-${n % 5}`, `i-bulk-${n}`, OVERDUE_AT)),
  ] as LedgerEvent[];
}

async function dunningState(run: DunningUnderTest) {
  const rows = async (sql: string) => (await run.pool.query(sql)).rows;
  return {
    customers: await rows(
      'SELECT customer_id, time_zone, risk_class, collector_id FROM dunning_customers ORDER BY 1',
    ),
    cases:
      await rows(`SELECT invoice_id, customer_id, amount_minor, balance_minor, status, overdue_at, policy_id,
                              policy_version, open_disputes, close_reason, opened_at FROM dunning_cases ORDER BY 1`),
    steps: await rows(`SELECT invoice_id, level, name, offset_days, due_at, run_at, status FROM dunning_steps
                       ORDER BY invoice_id, level`),
    timeline:
      await rows(`SELECT invoice_id, at, kind, step_id IS NOT NULL AS has_step, detail FROM case_timeline
                          ORDER BY invoice_id, id`),
  };
}

describe('ledger.events.v1 applied a chunk at a time', () => {
  it('plans a chunk of issued invoices set-based with the same cases, steps and timeline as one by one', async () => {
    // Send windows on: a step's run time depends on the customer's zone, so profile order shows.
    const [chunked, oneByOne] = await Promise.all([
      dunningUnderTest({ SEND_WINDOWS: 'on' }),
      dunningUnderTest({ SEND_WINDOWS: 'on' }),
    ]);
    runs.push(chunked, oneByOne);
    await Promise.all([chunked.start(), oneByOne.start()]);
    const events = mixedChunk();
    const apply = async (run: DunningUnderTest, chunks: LedgerEvent[][]) => {
      const context: CommandContext = { config: run.config, now: () => NOW };
      const handle = handleLedgerChunk(context);
      const outcomes = [];
      for (const chunk of chunks) {
        outcomes.push(
          ...(await withTransaction(run.pool, (tx) =>
            handle(chunk, tx, { topic: 'ledger', partition: 0, logger: testLogger('chunk') }),
          )),
        );
      }
      return outcomes;
    };
    const timesPlanned = async () =>
      (await eventToPlanSeconds.get()).values.find(
        (v) => v.metricName === 'dunning_event_to_plan_seconds_count',
      )?.value ?? 0;
    const timedBefore = await timesPlanned();
    const outcomes = await apply(chunked, [events]);
    // One event-to-plan observation per invoice planned, none for one that had a case or was closed.
    const plannedNow = events.filter(
      (event, index) => event.type === 'ledger.invoice.issued' && outcomes[index]?.status === 'applied',
    ).length;
    expect(plannedNow).toBeGreaterThan(30);
    expect((await timesPlanned()) - timedBefore).toBe(plannedNow);
    const reference = await apply(
      oneByOne,
      events.map((event) => [event]),
    );

    expect(outcomes).toEqual(reference);
    expect(outcomes.filter((o) => o.status === 'skipped').map((o) => 'reason' in o && o.reason)).toEqual([
      'closed-before-issue',
      'no open case',
      'exists',
    ]);
    const [stateA, stateB] = [await dunningState(chunked), await dunningState(oneByOne)];
    expect(stateA).toEqual(stateB);
    const cases = new Map(stateA.cases.map((c) => [c.invoice_id, c]));
    expect(cases.size).toBe(35);
    expect(cases.get('i-3')?.status).toBe('closed');
    expect(cases.get('i-4')).toMatchObject({ status: 'paused', open_disputes: ['d-4'] });
    expect(cases.get('i-2')?.balance_minor).toBe(40000n);
    // Every case but the one closed at once has the standard ladder's four steps.
    expect(stateA.steps).toHaveLength(4 * 34);
    // Each `planned` entry names its step and says when it falls, as the step row does.
    const planned = await chunked.pool.query<{
      detail: Record<string, unknown>;
      step: Record<string, unknown>;
    }>(`
      SELECT t.detail, json_build_object('name', s.name, 'offsetDays', s.offset_days, 'dueAt', s.due_at,
                                         'runAt', s.run_at) AS step
      FROM case_timeline t JOIN dunning_steps s ON s.step_id = t.step_id WHERE t.kind = 'planned'`);
    expect(planned.rows).toHaveLength(4 * 34);
    for (const { detail, step } of planned.rows) {
      expect(detail).toEqual({
        name: step.name,
        offsetDays: step.offsetDays,
        dueAt: new Date(step.dueAt as string).toISOString(),
        runAt: new Date(step.runAt as string).toISOString(),
      });
    }
    // Due at 08:00 on a Monday in Shanghai: i-1 runs then; for Chicago it is Sunday evening, so i-5
    // waits for Monday 08:00 there.
    const firstRun = (invoiceId: string) =>
      stateA.steps.find((step) => step.invoice_id === invoiceId && step.level === 1)?.run_at.toISOString();
    expect(firstRun('i-1')).toBe('2027-03-01T00:00:00.600Z');
    expect(firstRun('i-5')).toBe('2027-03-01T14:00:00.000Z');
  });

  it('orders balances by when the ledger posted them, however late dunning reads them', async () => {
    const run = await dunningUnderTest();
    runs.push(run);
    await run.start();
    const context: CommandContext = { config: run.config, now: () => NOW };
    const handle = handleLedgerChunk(context);
    const apply = (events: LedgerEvent[]) =>
      withTransaction(run.pool, (tx) =>
        handle(events, tx, { topic: 'ledger', partition: 0, logger: testLogger('chunk') }),
      );
    const twoDaysBefore = new Date(RECORDED.getTime() - 2 * 86_400_000);
    const outcomes = await apply([
      postedAt(issued('c-lag', 'i-backdated', OVERDUE_AT), 0),
      // Money received two days before the invoice was recorded, posted a second after it.
      postedAt(balanceChanged('c-lag', 'i-backdated', '400.00', { occurredAt: twoDaysBefore }), 1),
      // A replay of an earlier posting is still refused.
      postedAt(balanceChanged('c-lag', 'i-backdated', '700.00', { occurredAt: RECORDED }), 0.5),
      postedAt(issued('c-lag', 'i-upheld', OVERDUE_AT), 0),
      postedAt(disputeOpened('c-lag', 'i-upheld', 'd-upheld'), 1),
      postedAt(
        balanceChanged('c-lag', 'i-upheld', '0.00', {
          cause: 'dispute-adjustment',
          occurredAt: new Date(RECORDED.getTime() + 2_000),
        }),
        2,
      ),
      postedAt(
        {
          ...disputeResolved('c-lag', 'i-upheld', 'd-upheld'),
          data: { ...disputeResolved('c-lag', 'i-upheld', 'd-upheld').data, resolution: 'upheld' },
        },
        2,
      ),
    ] as LedgerEvent[]);
    expect(outcomes.map((o) => o.status)).toEqual([
      'applied',
      'applied',
      'skipped',
      'applied',
      'applied',
      'applied',
      'applied',
    ]);
    const cases = await run.pool.query(
      'SELECT invoice_id, status, balance_minor, close_reason FROM dunning_cases ORDER BY 1',
    );
    expect(cases.rows).toEqual([
      { invoice_id: 'i-backdated', status: 'active', balance_minor: 40000n, close_reason: null },
      // Upheld for the whole balance: no settled fact comes, the resolution closes the case.
      { invoice_id: 'i-upheld', status: 'closed', balance_minor: 0n, close_reason: 'credited' },
    ]);
  });
});
