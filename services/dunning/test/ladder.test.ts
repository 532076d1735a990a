import { adminAuth, waitFor } from '@dunning/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DunningService } from '../src/service.ts';
import {
  DAY_MS,
  type DunningUnderTest,
  dunningUnderTest,
  ladderFinished,
  noticeCounts,
  stepsOf,
} from './support/dunning-under-test.ts';
import { disputeOpened, disputeResolved, issued, riskChanged, settled } from './support/ledger-feed.ts';

// A step runs no earlier than its dueAt, in ladder order, and at most 20 compressed days later. Run
// alone it is late by tens of ms (the pump arms BullMQ timers ahead; lateness is the timer's precision
// plus one transaction); a whole loaded suite on two cores was seen to add several hundred ms. The
// bound is ample for that and still below the 23 days between the first two steps, so a step held
// back until the next one's time fails.
const MAX_LATE_MS = 20 * DAY_MS;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the escalation ladder on real Kafka, PostgreSQL and Redis (DAY_MS=100)', () => {
  let run: DunningUnderTest;
  let service: DunningService;

  beforeAll(async () => {
    run = await dunningUnderTest();
    service = await run.start();
  });
  afterAll(async () => {
    await run?.close();
  });

  it.concurrent('an unpaid invoice runs its whole ladder, in order, at the right offsets', async () => {
    const overdueAt = new Date(Date.now() + 500);
    await run.feed.publish([issued('c-unpaid', 'i-unpaid', overdueAt)]);
    const steps = await ladderFinished(run.pool, 'i-unpaid');
    expect(steps.map((s) => [s.name, s.status])).toEqual([
      ['reminder', 'done'],
      ['overdue-notice', 'done'],
      ['final-notice', 'done'],
      ['legal-letter', 'done'],
    ]);
    const offsets = [7, 30, 60, 90];
    steps.forEach((step, i) => {
      expect(step.due_at.getTime()).toBe(overdueAt.getTime() + (offsets[i]! - 1) * DAY_MS);
      const lateness = step.executed_at!.getTime() - step.due_at.getTime();
      expect(lateness).toBeGreaterThanOrEqual(0);
      expect(lateness).toBeLessThanOrEqual(MAX_LATE_MS);
      // In order: each step before the next one is due.
      const next = steps[i + 1];
      if (next) expect(step.executed_at!.getTime()).toBeLessThan(next.due_at.getTime());
    });
    const counts = await waitFor(() => {
      const c = noticeCounts(run.feed, ['i-unpaid']);
      return c.size === 5 && c;
    });
    expect(Object.fromEntries(counts)).toEqual({
      'i-unpaid/reminder/sms': 1,
      'i-unpaid/reminder/email': 1,
      'i-unpaid/overdue-notice/email': 1,
      'i-unpaid/final-notice/email': 1,
      'i-unpaid/legal-letter/letter': 1,
    });
    expect(run.feed.actionsFor('i-unpaid').map((a) => a.data.step)).toEqual([
      'reminder',
      'reminder',
      'overdue-notice',
      'final-notice',
      'legal-letter',
    ]);
    const tasks = await waitFor(() => {
      const t = run.feed.dunningEvents.filter(
        (e) => e.type === 'dunning.task.created' && e.data.customerId === 'c-unpaid',
      );
      return t.length === 4 && t;
    });
    expect(tasks.map((t) => (t.type === 'dunning.task.created' ? t.data.kind : ''))).toEqual([
      'call',
      'call',
      'escalation',
      'write-off-review',
    ]);
    await waitFor(() =>
      run.feed.dunningEvents.some(
        (e) => e.type === 'dunning.credit-hold.requested' && e.data.customerId === 'c-unpaid',
      ),
    );
    const view = await service.app.inject({
      headers: adminAuth,
      method: 'GET',
      url: '/v1/invoices/i-unpaid/dunning',
    });
    expect(view.statusCode).toBe(200);
    const body = view.json();
    expect(body.status).toBe('active');
    expect(body.steps[0]).toMatchObject({ name: 'reminder', offsetDays: 7, status: 'done' });
    expect(typeof body.steps[0].executedAt).toBe('string');
    expect(body.timeline.map((t: { kind: string }) => t.kind)).toEqual(
      expect.arrayContaining(['opened', 'planned', 'run']),
    );
  });

  it.concurrent('an invoice paid on day 10 gets the day-7 reminder and nothing after', async () => {
    const overdueAt = new Date(Date.now() + 500);
    // The marker: another customer's invoice a day behind, whose legal letter (day 90) comes after
    // every step i-paid had.
    const markerAt = new Date(overdueAt.getTime() + DAY_MS);
    await run.feed.publish([
      issued('c-paid', 'i-paid', overdueAt),
      issued('c-paid-marker', 'i-paid-marker', markerAt),
    ]);
    // Paid on day 10 (or as soon as the reminder has run, should a loaded machine make it late).
    await sleep(overdueAt.getTime() + 9 * DAY_MS + 20 - Date.now());
    await waitFor(async () => (await stepsOf(run.pool, 'i-paid'))[0]?.status === 'done');
    await run.feed.publish([settled('c-paid', 'i-paid')]);
    await waitFor(async () => (await stepsOf(run.pool, 'i-paid')).every((s) => s.status !== 'scheduled'));
    await ladderFinished(run.pool, 'i-paid-marker');
    await waitFor(() => noticeCounts(run.feed, ['i-paid-marker']).has('i-paid-marker/legal-letter/letter'), {
      what: "the marker's legal letter",
    });
    const steps = await stepsOf(run.pool, 'i-paid');
    expect(steps.map((s) => [s.name, s.status])).toEqual([
      ['reminder', 'done'],
      ['overdue-notice', 'cancelled'],
      ['final-notice', 'cancelled'],
      ['legal-letter', 'cancelled'],
    ]);
    expect([...noticeCounts(run.feed, ['i-paid']).keys()].sort()).toEqual([
      'i-paid/reminder/email',
      'i-paid/reminder/sms',
    ]);
    expect(
      run.feed.dunningEvents.some((e) => e.type === 'dunning.case.closed' && e.data.invoiceId === 'i-paid'),
    ).toBe(true);
  });

  it.concurrent('a disputed invoice gets nothing while disputed and resumes, shifted, after rejection', async () => {
    const overdueAt = new Date(Date.now() + 500);
    // The marker: another customer's invoice a day behind, whose reminder falls due after i-disp's
    // would have, during the dispute.
    await run.feed.publish([
      issued('c-disp', 'i-disp', overdueAt),
      issued('c-disp-marker', 'i-disp-marker', new Date(overdueAt.getTime() + DAY_MS)),
    ]);
    await sleep(overdueAt.getTime() + 3 * DAY_MS - Date.now());
    await run.feed.publish([disputeOpened('c-disp', 'i-disp', 'd-1')]);
    await waitFor(
      async () =>
        (
          await run.pool.query(
            "SELECT 1 FROM dunning_cases WHERE invoice_id = 'i-disp' AND status = 'paused'",
          )
        ).rowCount === 1,
    );
    const pausedAt = Date.now();
    await sleep(2_000); // a dispute of 20 days: the reminder (day 7) falls due meanwhile
    await waitFor(() => noticeCounts(run.feed, ['i-disp-marker']).has('i-disp-marker/reminder/email'), {
      what: "the marker's reminder",
    });
    expect(noticeCounts(run.feed, ['i-disp']).size).toBe(0);
    expect((await stepsOf(run.pool, 'i-disp')).every((s) => s.status === 'scheduled')).toBe(true);
    await run.feed.publish([disputeResolved('c-disp', 'i-disp', 'd-1')]);
    const steps = await ladderFinished(run.pool, 'i-disp');
    expect(steps.every((s) => s.status === 'done')).toBe(true);
    const reminder = steps[0]!;
    const pauseMs = reminder.due_at.getTime() - (overdueAt.getTime() + 6 * DAY_MS);
    // Shifted by the dispute (at least the 2 s slept, less the day it was opened into the ladder).
    expect(pauseMs).toBeGreaterThanOrEqual(2_000 - DAY_MS);
    expect(reminder.executed_at!.getTime()).toBeGreaterThan(pausedAt + 2_000);
    expect(steps[3]!.due_at.getTime() - steps[0]!.due_at.getTime()).toBe(83 * DAY_MS);
    const counts = await waitFor(() => {
      const c = noticeCounts(run.feed, ['i-disp']);
      return c.size === 5 && c;
    });
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
  });

  it.concurrent('a class change mid-ladder continues from the level reached, one level at a time', async () => {
    const overdueAt = new Date(Date.now() + 500);
    await run.feed.publish([issued('c-class', 'i-class', overdueAt)]);
    await waitFor(async () => (await stepsOf(run.pool, 'i-class'))[0]?.status === 'done');
    const reminderBefore = (await stepsOf(run.pool, 'i-class'))[0]!;
    await run.feed.publish([riskChanged('c-class', 'C', 'B')]);
    await waitFor(async () => (await stepsOf(run.pool, 'i-class')).some((s) => s.policy_id === 'high-risk'));
    const steps = await ladderFinished(run.pool, 'i-class');
    const replannedAt = (
      await run.pool.query<{ at: Date }>(
        "SELECT at FROM case_timeline WHERE invoice_id = 'i-class' AND kind = 're-planned' LIMIT 1",
      )
    ).rows[0]!.at.getTime();
    // Steps that ran before the re-plan stay as they were; the rest of the standard ladder is cancelled.
    for (const step of steps.filter((s) => s.policy_id === 'standard')) {
      if (step.status === 'done') expect(step.executed_at!.getTime()).toBeLessThanOrEqual(replannedAt);
      else expect(step.status).toBe('cancelled');
    }
    // The reminder (level 1) was reached: high-risk goes on above it, every step of level 2 and up, never
    // a second reminder, never straight to a later level although high-risk's days 7 and 15 are past.
    const highRisk = steps.filter((s) => s.policy_id === 'high-risk');
    expect(highRisk.map((s) => `${s.name}/${s.level}/${s.status}`)).toEqual([
      'overdue-notice/2/done',
      'second-notice/2/done',
      'final-notice/3/done',
      'legal-letter/4/done',
    ]);
    // Each notice at least the minimum interval (7 days) after the one before.
    const sent = [reminderBefore, ...highRisk].map((s) => s.executed_at!.getTime());
    for (const [i, at] of sent.slice(1).entries()) expect(at - sent[i]!).toBeGreaterThanOrEqual(7 * DAY_MS);
    const expectedHighRisk = highRisk.map((s) => s.name);
    expect(steps.filter((s) => s.status === 'cancelled').length).toBeGreaterThan(0);
    expect(expectedHighRisk).toContain('legal-letter');
    expect(steps[0]!.executed_at).toEqual(reminderBefore.executed_at);
    const counts = await waitFor(() => {
      const c = noticeCounts(run.feed, ['i-class']);
      return c.size >= 2 + 2 && c.has('i-class/legal-letter/letter') && c;
    });
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect(counts.has('i-class/legal-letter/letter')).toBe(true);
  });
});
