import { withTransaction } from '@dunning/pg';
import { adminAuth, waitFor } from '@dunning/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { liftPause, pauseCase } from '../src/commands/pause-case.ts';
import type { DunningService } from '../src/service.ts';
import {
  DAY_MS,
  type DunningUnderTest,
  dunningUnderTest,
  ladderFinished,
  stepsOf,
} from './support/dunning-under-test.ts';
import { issued } from './support/ledger-feed.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const utcDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

describe('dunning levels on real Kafka, PostgreSQL and Redis (DAY_MS=100)', () => {
  let run: DunningUnderTest;
  let service: DunningService;

  beforeAll(async () => {
    run = await dunningUnderTest();
    service = await run.start();
  });
  afterAll(async () => {
    await run?.close();
  });

  it.concurrent('an invoice first seen 100 days overdue gets one level at a time, a week apart', async () => {
    const overdueAt = new Date(Date.now() - 100 * DAY_MS);
    await run.feed.publish([issued('c-late', 'i-late', overdueAt)]);
    // First only the reminder, not a stack of every level already due.
    const first = await waitFor(
      () => run.feed.actionsFor('i-late').length > 0 && run.feed.actionsFor('i-late'),
    );
    await sleep(3 * DAY_MS);
    expect(new Set(run.feed.actionsFor('i-late').map((a) => a.data.level))).toEqual(new Set([1]));
    expect(first[0]!.data).toMatchObject({ step: 'reminder', level: 1 });
    const steps = await ladderFinished(run.pool, 'i-late');
    expect(steps.map((s) => `${s.name}/${s.level}/${s.status}`)).toEqual([
      'reminder/1/done',
      'overdue-notice/2/done',
      'final-notice/3/done',
      'legal-letter/4/done',
    ]);
    const sent = steps.map((s) => s.executed_at!.getTime());
    for (const [i, at] of sent.slice(1).entries()) expect(at - sent[i]!).toBeGreaterThanOrEqual(7 * DAY_MS);
    // Each notice's level as sent, and the final notice's pay-by date: sent + deadlineDays (10) days.
    const actions = await waitFor(() => {
      const a = run.feed
        .actionsFor('i-late')
        .filter((e) => e.data.channel === 'email' || e.data.channel === 'letter');
      return new Set(a.map((e) => e.data.level)).size === 4 && a;
    });
    for (const a of actions) expect(a.data.invoices[0]!.level).toBe(a.data.level);
    const final = actions.find((a) => a.data.level === 3)!;
    expect(final.data.deadline).toBe(utcDate(sent[2]! + 10 * DAY_MS));
    expect(actions.filter((a) => a.data.level !== 3).every((a) => a.data.deadline === undefined)).toBe(true);
    // The levels the case view shows are the scale's, not the places in the ladder.
    const view = await service.app.inject({
      method: 'GET',
      url: '/v1/invoices/i-late/dunning',
      headers: adminAuth,
    });
    expect(view.json().steps.map((s: { level: number }) => s.level)).toEqual([1, 2, 3, 4]);
  });

  it.concurrent('never duns a residual below the minimum amount', async () => {
    const e = issued('c-residual', 'i-residual', new Date(Date.now() - 10 * DAY_MS));
    await run.feed.publish([{ ...e, data: { ...e.data, balance: '0.01' } }]);
    const steps = await waitFor(async () => {
      const s = await stepsOf(run.pool, 'i-residual');
      return s[0]?.status === 'skipped' && s;
    });
    const reason = await run.pool.query<{ status_reason: string }>(
      "SELECT status_reason FROM dunning_steps WHERE invoice_id = 'i-residual' AND status = 'skipped'",
    );
    expect(reason.rows[0]!.status_reason).toBe('below the minimum amount');
    expect(steps[0]!.name).toBe('reminder');
    await sleep(3 * DAY_MS);
    expect(run.feed.actionsFor('i-residual')).toEqual([]);
    const timeline = await run.pool.query<{ detail: { reason: string } }>(
      "SELECT detail FROM case_timeline WHERE invoice_id = 'i-residual' AND kind = 'skipped'",
    );
    expect(timeline.rows[0]!.detail.reason).toBe('below the minimum amount');
  });

  it.concurrent('gives two currencies of one customer two notices, each task in one currency', async () => {
    const overdueAt = new Date(Date.now() - 6 * DAY_MS + 300);
    await run.feed.publish([
      issued('c-two', 'i-two-eur', overdueAt, '800.00', 'EUR'),
      issued('c-two', 'i-two-usd', overdueAt, '900.00', 'USD'),
      issued('c-two', 'i-two-eur2', overdueAt, '100.00', 'EUR'),
    ]);
    const emails = await waitFor(() => {
      const a = run.feed.dunningEvents.filter(
        (e) =>
          e.type === 'dunning.action.requested' &&
          e.data.customerId === 'c-two' &&
          e.data.channel === 'email',
      );
      return a.length >= 2 && a;
    });
    await sleep(2 * DAY_MS);
    expect(emails).toHaveLength(2);
    const currencies = emails.map((e) =>
      e.type === 'dunning.action.requested' ? [...new Set(e.data.invoices.map((i) => i.currency))] : [],
    );
    expect(currencies.map((c) => c.join()).sort()).toEqual(['EUR', 'USD']);
    const tasks = await run.pool.query<{ currency: string; amount_minor: string }>(
      "SELECT currency, amount_minor::text FROM collector_tasks WHERE customer_id = 'c-two' ORDER BY currency",
    );
    expect(tasks.rows).toEqual([
      { currency: 'EUR', amount_minor: '90000' },
      { currency: 'USD', amount_minor: '90000' },
    ]);
  });

  it.concurrent('a broken promise resumes escalation at once with the next level, not shifted by the pause', async () => {
    const overdueAt = new Date(Date.now() - 6 * DAY_MS + 200);
    await run.feed.publish([issued('c-broken', 'i-broken', overdueAt)]);
    await waitFor(async () => (await stepsOf(run.pool, 'i-broken'))[0]?.status === 'done');
    const context = service.context;
    await withTransaction(run.pool, (tx) => pauseCase(tx, context, 'i-broken', { promise: 'p-broken' }));
    await run.pool.query("UPDATE dunning_cases SET promise_id = 'p-broken' WHERE invoice_id = 'i-broken'");
    // Paused for 30 days: long past the overdue notice's day 30 and the reminder's interval.
    await sleep(30 * DAY_MS);
    const resumedAt = Date.now();
    await withTransaction(run.pool, (tx) => liftPause(tx, context, 'i-broken', { promise: 'p-broken' }));
    const next = (await stepsOf(run.pool, 'i-broken')).find((s) => s.status === 'scheduled')!;
    expect(next.name).toBe('overdue-notice');
    // Due at once (not day 30 + 30 days of pause), and the final notice a week after it.
    expect(next.due_at.getTime()).toBeLessThanOrEqual(resumedAt + DAY_MS);
    await waitFor(async () => (await stepsOf(run.pool, 'i-broken'))[1]?.status === 'done');
    const steps = await stepsOf(run.pool, 'i-broken');
    expect(steps[1]!.executed_at!.getTime() - resumedAt).toBeLessThan(5 * DAY_MS);
    expect(steps[2]!.due_at.getTime() - steps[1]!.due_at.getTime()).toBeGreaterThanOrEqual(7 * DAY_MS);
    expect(steps[2]!.due_at.getTime()).toBeLessThan(overdueAt.getTime() + 60 * DAY_MS);
  });
});
