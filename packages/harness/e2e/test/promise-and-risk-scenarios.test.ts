import { type SmsGateway, startSmsGateway } from '@dunning/receivers';
import { waitFor } from '@dunning/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DunningEventsRecorder, recordDunningEvents } from '../src/dunning-events-recorder.ts';
import {
  type DunningCase,
  type DunningStep,
  type PlatformClient,
  platformClient,
  startAll,
} from '../src/platform-client.ts';
import { type PlatformUnderTest, platformUnderTest } from '../src/platform-under-test.ts';
import { customerBody } from '../src/samples.ts';

// One simulated day lasts 300 ms: the high-risk ladder (days 1–45) takes about 14 s, the standard one
// (days 7–90) 27 s.
const DAY_MS = 300;
// How late a step (or the judging of a promise) may be on a loaded 2-core machine: 10 days (3 s).
const TOLERANCE_MS = 10 * DAY_MS;
// The dunning service's default PROMISE_GRACE_DAYS.
const GRACE_DAYS = 2;
const CHANNELS = new Set(['email', 'sms', 'letter']);

const isoDate = (daysFromToday = 0) =>
  new Date(Date.now() + daysFromToday * 86_400_000).toISOString().slice(0, 10);
const done = (s: DunningStep) => s.status === 'done';
const scheduled = (s: DunningStep) => s.status === 'scheduled';

/** When the case's timeline first recorded `kind`. */
function timelineAt(c: DunningCase, kind: string): number {
  const entry = c.timeline.find((t) => t.kind === kind);
  if (!entry) throw new Error(`no '${kind}' on the timeline: ${c.timeline.map((t) => t.kind).join(', ')}`);
  return Date.parse(entry.at);
}

describe('promises to pay and risk class changes through all four services', () => {
  let platform: PlatformUnderTest;
  let client: PlatformClient;
  let sms: SmsGateway;
  let recorder: DunningEventsRecorder;

  beforeAll(async () => {
    sms = await startSmsGateway();
    platform = platformUnderTest({ dayMs: DAY_MS, env: { notifications: { SMS_GATEWAY_URL: sms.url } } });
    client = platformClient(await startAll(platform));
    recorder = await recordDunningEvents(platform);
  }, 120_000);
  afterAll(async () => {
    await recorder?.stop();
    await platform?.close();
    await sms?.close();
  });

  /** A customer from the ERP with a collector of their own (their portfolio owner, named in the profile). */
  async function customer(name: string, industry = 'wholesale') {
    const customerId = `cust-${name}`;
    const collectorId = `col-${name}`;
    await client.upsertCollector(collectorId, {
      name: `Collector ${name}`,
      languages: ['en'],
      capacity: 20,
      portfolio: [customerId],
    });
    const profile = {
      ...customerBody(name),
      phone: '+8613800138000',
      timezone: 'UTC',
      industry,
      collectorId,
    };
    await client.upsertCustomer(customerId, profile);
    return { customerId, collectorId, profile };
  }

  /** An invoice due today: past due one DAY_MS after the ledger records it. */
  async function issue(customerId: string, name: string, amount: string) {
    const invoiceId = `inv-${name}`;
    await client.issueInvoice({
      invoiceId,
      customerId,
      number: `N-${name}`,
      currency: 'CNY',
      amount,
      issueDate: isoDate(),
      dueDate: isoDate(),
    });
    const opened = await waitFor(() => client.dunningOf(invoiceId), {
      what: `the dunning case of ${invoiceId}`,
    });
    return { invoiceId, opened };
  }

  const caseOf = async (invoiceId: string) => (await client.dunningOf(invoiceId))!;

  /** Steps stop changing once none is scheduled. */
  const finished = (invoiceId: string, timeoutMs: number) =>
    waitFor(
      async () => {
        const current = await caseOf(invoiceId);
        return current.steps.length > 0 && !current.steps.some(scheduled) ? current : undefined;
      },
      { what: `the ladder of ${invoiceId} to finish`, timeoutMs, intervalMs: 250 },
    );

  /** The collector's call task for the invoice, claimed, answered with a promise to pay. */
  async function promiseToPay(collectorId: string, invoiceId: string, date: string, amount: string) {
    const task = await waitFor(
      async () =>
        (await client.tasksOf(collectorId)).find(
          (t) => t.kind === 'call' && t.invoiceIds.includes(invoiceId),
        ),
      { what: `a call task for ${invoiceId}`, timeoutMs: 30_000, intervalMs: 50 },
    );
    await client.claimTask(task.taskId, collectorId);
    const { promiseId } = (await client.recordOutcome(task.taskId, {
      outcome: 'promise-to-pay',
      promise: { date, amount },
      overdueReason: 'cash-flow',
    })) as { promiseId: string };
    return { task, promiseId };
  }

  /**
   * A marker for "nothing happened up to `instantMs`": an invoice of a fresh customer, issued now and
   * due so far ahead that every step of it, whatever its risk class's ladder (class A's starts 3 days
   * before the due date), falls due after that instant; once one of them has run, the engine has
   * handled every step due before.
   */
  async function markerPast(instantMs: number, name: string) {
    const { customerId } = await customer(name);
    const invoiceId = `inv-${name}`;
    // Compressed days: past due (1 + days from issue to due) DAY_MS after the ledger records it.
    const dueInDays = Math.ceil((instantMs - Date.now()) / DAY_MS) + 4;
    await client.issueInvoice({
      invoiceId,
      customerId,
      number: `N-${name}`,
      currency: 'CNY',
      amount: '100.00',
      issueDate: isoDate(),
      dueDate: isoDate(dueInDays),
    });
    await waitFor(() => client.dunningOf(invoiceId), { what: `the dunning case of ${invoiceId}` });
    const ran = await waitFor(async () => (await caseOf(invoiceId)).steps.find(done), {
      what: `a step of the marker ${invoiceId} to run`,
      timeoutMs: dueInDays * DAY_MS + 60_000,
      intervalMs: 250,
    });
    expect(Date.parse(ran.dueAt)).toBeGreaterThan(instantMs);
  }

  const promiseEvents = (type: 'dunning.promise.kept' | 'dunning.promise.broken', promiseId: string) =>
    recorder.distinct(type).filter((e) => e.data.promiseId === promiseId);

  /** The steps that ran: each name once, in ladder order, each on time (against its possibly shifted due time). */
  function expectRanOnceInOrder(steps: DunningStep[]) {
    const ran = steps.filter(done).sort((a, b) => Date.parse(a.executedAt!) - Date.parse(b.executedAt!));
    expect(new Set(ran.map((s) => s.name)).size).toBe(ran.length);
    const dueTimes = ran.map((s) => Date.parse(s.dueAt));
    expect(dueTimes).toEqual([...dueTimes].sort((a, b) => a - b));
    for (const step of ran) {
      const late = Date.parse(step.executedAt!) - Date.parse(step.dueAt);
      expect(late, `${step.name} ran ${late} ms after it was due`).toBeGreaterThanOrEqual(0);
      expect(late, `${step.name} ran ${late} ms after it was due`).toBeLessThan(TOLERANCE_MS);
    }
  }

  /**
   * Each step that ran asked for exactly its policy's channels, once each (distinct event ids on
   * dunning.events.v1), and notifications holds one delivery per request; nothing for steps that did not run.
   */
  async function expectNoticesOnce(invoiceId: string, steps: DunningStep[]) {
    const expected: string[] = [];
    for (const step of steps.filter(done)) {
      const policy = await client.policyOf(step.policyId);
      const actions = policy.steps.find((s) => s.name === step.name)!.actions;
      expected.push(...actions.filter((a) => CHANNELS.has(a)).map((channel) => `${step.name}/${channel}`));
    }
    expected.sort();
    const requested = () =>
      recorder
        .distinct('dunning.action.requested')
        .filter((e) => e.data.invoices.some((i) => i.invoiceId === invoiceId))
        .map((e) => `${e.data.step}/${e.data.channel}`)
        .sort();
    await waitFor(() => requested().length >= expected.length, {
      what: `the action requests of ${invoiceId}`,
      timeoutMs: 15_000,
    });
    expect(requested()).toEqual(expected);
    const delivered = await waitFor(
      async () => {
        const items = await client.notificationsOf(invoiceId);
        return items.length >= expected.length ? items : undefined;
      },
      { what: `the notifications of ${invoiceId}`, timeoutMs: 15_000 },
    );
    expect(delivered.map((n) => `${n.step}/${n.channel}`).sort()).toEqual(expected);
  }

  it.concurrent('promise kept: paid before the promised date, the case closes and no later step runs', {
    timeout: 120_000,
  }, async () => {
    const { customerId, collectorId } = await customer('kept');
    const { invoiceId, opened } = await issue(customerId, 'kept', '2400.00');
    expect(opened.policy?.policyId).toBe('standard');

    // Far enough ahead that the payment's way through invoices, Kafka and dunning (seconds under load)
    // ends well before the promise is judged: 20 + 1 + grace days of DAY_MS.
    const promisedInDays = 20;
    const promisedDate = isoDate(promisedInDays);
    const { task, promiseId } = await promiseToPay(collectorId, invoiceId, promisedDate, '2400.00');
    // The standard ladder's first call task comes with the reminder (day 7).
    expect(task.step).toBe('reminder');
    const paused = await caseOf(invoiceId);
    expect(paused.status).toBe('paused');
    const ranBefore = paused.steps.filter(done);
    expect(ranBefore.map((s) => s.name)).toEqual(['reminder']);

    await client.pay({
      paymentId: 'pay-kept-1',
      invoiceId,
      amount: '2400.00',
      currency: 'CNY',
      receivedAt: new Date().toISOString(),
    });
    const closed = await waitFor(
      async () => {
        const current = await caseOf(invoiceId);
        return current.status === 'closed' ? current : undefined;
      },
      { what: 'the case to close' },
    );
    expect(closed.closeReason).toBe('paid');
    // Kept on dunning's timeline before the promised date plus grace ran out.
    const recordedAt = timelineAt(closed, 'promise-recorded');
    const keptAt = timelineAt(closed, 'promise-kept');
    expect(keptAt).toBeGreaterThanOrEqual(recordedAt);
    expect(keptAt).toBeLessThan(recordedAt + (promisedInDays + 1 + GRACE_DAYS) * DAY_MS);
    expect(closed.timeline.map((t) => t.kind)).toEqual(
      expect.arrayContaining(['promise-recorded', 'paused', 'promise-kept', 'closed']),
    );
    expect(closed.timeline.some((t) => t.kind === 'promise-broken')).toBe(false);

    // Published once as kept, never as broken.
    const [kept] = await waitFor(
      () =>
        promiseEvents('dunning.promise.kept', promiseId).length > 0 &&
        promiseEvents('dunning.promise.kept', promiseId),
      {
        what: 'dunning.promise.kept',
      },
    );
    expect(promiseEvents('dunning.promise.kept', promiseId)).toHaveLength(1);
    expect(kept!.data).toMatchObject({
      customerId,
      invoiceIds: [invoiceId],
      promisedDate,
      amount: '2400.00',
      currency: 'CNY',
    });
    // credit-risk received it: the promise is on the customer's profile as kept.
    await waitFor(
      async () =>
        (
          await platform
            .pool('credit-risk')
            .query<{ outcome: string | null }>('SELECT outcome FROM risk_promises WHERE promise_id = $1', [
              promiseId,
            ])
        ).rows[0]?.outcome === 'kept',
      { what: 'credit-risk to record the promise as kept' },
    );
    const risk = await client.riskOf(customerId);
    expect(risk?.factors.find((f) => f.name === 'brokenPromises')?.value).toBe(0);

    // Nothing more may run up to the end of the ladder: a marker, another customer's invoice issued
    // now, has had a step that fell due after the last one of this case run.
    await markerPast(Math.max(...closed.steps.map((s) => Date.parse(s.dueAt))), 'kept-marker');
    const after = await caseOf(invoiceId);
    expect(after.status).toBe('closed');
    expect(after.steps.filter(done)).toEqual(ranBefore);
    expect(after.steps.filter((s) => s.status !== 'done').every((s) => s.status === 'cancelled')).toBe(true);
    expect(promiseEvents('dunning.promise.broken', promiseId)).toEqual([]);
    await expectNoticesOnce(invoiceId, after.steps);
  });

  it.concurrent('promise broken: recorded broken after the date plus grace, and the ladder resumes', {
    timeout: 150_000,
  }, async () => {
    const { customerId, collectorId } = await customer('broken');
    // Weak reported financials make the customer class C before its invoice arrives: the high-risk
    // ladder, which no later assessment leaves while the invoice stays unpaid (that only lowers the score).
    await waitFor(() => client.riskOf(customerId), { what: 'the first assessment' });
    await client.putFinancials(customerId, {
      currentRatio: 0.5,
      quickRatio: 0.3,
      debtRatio: 0.7,
      period: '2026-Q3',
    });
    await waitFor(async () => (await client.riskOf(customerId))?.class === 'C', { what: 'class C' });
    await waitFor(
      async () =>
        (
          await platform
            .pool('dunning')
            .query<{ risk_class: string }>(
              'SELECT risk_class FROM dunning_customers WHERE customer_id = $1',
              [customerId],
            )
        ).rows[0]?.risk_class === 'C',
      { what: 'dunning to hold class C' },
    );
    const { invoiceId, opened } = await issue(customerId, 'broken', '3600.00');
    expect(opened.policy?.policyId).toBe('high-risk');
    const plannedDueAt = new Map(
      opened.timeline
        .filter((t) => t.kind === 'planned')
        .map((t) => [t.stepId!, Date.parse(t.detail.dueAt as string)]),
    );

    const promisedDate = isoDate();
    const { promiseId } = await promiseToPay(collectorId, invoiceId, promisedDate, '3600.00');
    const paused = await caseOf(invoiceId);
    expect(paused.status).toBe('paused');
    const ranBefore = paused.steps.filter(done);
    const waiting = paused.steps.filter(scheduled);
    expect(waiting.map((s) => s.name)).toEqual(expect.arrayContaining(['final-notice', 'legal-letter']));

    // No payment: broken once the promised date plus grace has passed, and published.
    const [broken] = await waitFor(
      () =>
        promiseEvents('dunning.promise.broken', promiseId).length > 0 &&
        promiseEvents('dunning.promise.broken', promiseId),
      { what: 'dunning.promise.broken', timeoutMs: (1 + GRACE_DAYS) * DAY_MS + 20_000 },
    );
    expect(broken!.data).toMatchObject({
      customerId,
      invoiceIds: [invoiceId],
      promisedDate,
      amount: '3600.00',
    });
    expect(promiseEvents('dunning.promise.kept', promiseId)).toEqual([]);
    // credit-risk's assessment weighs it.
    const risk = await waitFor(
      async () => {
        const current = await client.riskOf(customerId);
        return current?.factors.find((f) => f.name === 'brokenPromises')?.value === 1 ? current : undefined;
      },
      { what: 'the broken promise in the risk assessment' },
    );
    expect(risk.factors.find((f) => f.name === 'brokenPromises')?.contribution).toBe(-2);
    expect(risk.class).toBe('C');

    const after = await finished(invoiceId, 90_000);
    const recordedAt = timelineAt(after, 'promise-recorded');
    const pausedAt = timelineAt(after, 'paused');
    const brokenAt = timelineAt(after, 'promise-broken');
    const resumed = after.timeline.find((t) => t.kind === 'resumed')!;
    const resumedAt = Date.parse(resumed.at);
    const deadline = recordedAt + (1 + GRACE_DAYS) * DAY_MS;
    expect(brokenAt).toBeGreaterThanOrEqual(deadline);
    expect(brokenAt - deadline).toBeLessThan(TOLERANCE_MS);
    // What ran before the promise stays as it was; no step was added or re-planned.
    expect(after.steps.filter((s) => ranBefore.some((r) => r.stepId === s.stepId))).toEqual(ranBefore);
    expect(after.steps.map((s) => s.stepId).sort()).toEqual(opened.steps.map((s) => s.stepId).sort());
    // Escalation resumes at once with the next level (no sooner than the minimum interval, 7 days,
    // after the last notice), not shifted by the whole pause; the later levels follow a week apart.
    const lastNoticeAt = Math.max(...ranBefore.map((s) => Date.parse(s.executedAt!)));
    const rest = waiting
      .map((step) => after.steps.find((s) => s.stepId === step.stepId)!)
      .sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt));
    const nextDueAt = Date.parse(rest[0]!.dueAt);
    expect(nextDueAt).toBe(Math.max(resumedAt, lastNoticeAt + 7 * DAY_MS));
    // Due at the resumption, it was not shifted by the whole pause. (On a slow machine the last notice
    // can run late enough that the minimum interval after it governs instead: pinned just above.)
    if (nextDueAt === resumedAt)
      expect(nextDueAt).toBeLessThan(plannedDueAt.get(rest[0]!.stepId)! + (resumedAt - pausedAt));
    for (const [i, now] of rest.entries()) {
      expect(now.status, now.name).toBe('done');
      expect(Date.parse(now.executedAt!), now.name).toBeGreaterThanOrEqual(resumedAt);
      const previous = rest[i - 1];
      if (previous)
        expect(Date.parse(now.dueAt) - Date.parse(previous.dueAt)).toBeGreaterThanOrEqual(7 * DAY_MS);
    }
    // Nothing ran while the promise held the case.
    expect(
      after.steps.filter(done).filter((s) => {
        const at = Date.parse(s.executedAt!);
        return at >= pausedAt && at < resumedAt;
      }),
    ).toEqual([]);
    const highRisk = await client.policyOf('high-risk');
    expect(after.steps.filter(done).map((s) => s.name)).toEqual(highRisk.steps.map((s) => s.name));
    expectRanOnceInOrder(after.steps);
    await expectNoticesOnce(invoiceId, after.steps);
  });

  it.concurrent('a risk class change mid-ladder continues above the level reached, one level at a time', {
    timeout: 120_000,
  }, async () => {
    const { customerId, profile } = await customer('reclassed', 'government');
    const { invoiceId, opened } = await issue(customerId, 'reclassed', '5000.00');
    expect(opened.policy?.policyId).toBe('standard');
    const before = await waitFor(
      async () => {
        const current = await caseOf(invoiceId);
        return current.steps.find((s) => s.name === 'reminder')?.status === 'done' ? current : undefined;
      },
      { what: 'the reminder', timeoutMs: 30_000 },
    );
    const first = await waitFor(() => client.riskOf(customerId), { what: 'the first assessment' });
    expect(first.class).toBe('B');

    // The ERP re-classifies the customer's industry; credit-risk re-scores from that fact to class C.
    await client.upsertCustomer(customerId, { ...profile, industry: 'construction' });
    const risk = await waitFor(
      async () => {
        const current = await client.riskOf(customerId);
        return current?.class === 'C' ? current : undefined;
      },
      { what: 'class C' },
    );
    expect(risk.factors.find((f) => f.name === 'industry')).toMatchObject({
      value: 'construction',
      contribution: -8,
    });

    const after = await finished(invoiceId, 90_000);
    expect(after.policy?.policyId).toBe('high-risk');
    const replans = after.timeline.filter((t) => t.kind === 're-planned');
    // One re-plan, B → C: the first assessment and the warning changes on the way kept the class.
    expect(new Set(replans.map((t) => t.at)).size).toBe(1);

    // Steps already run stay as they were.
    const ranBefore = before.steps.filter(done);
    expect(ranBefore.map((s) => s.name)).toEqual(['reminder']);
    expect(after.steps.filter((s) => ranBefore.some((r) => r.stepId === s.stepId))).toEqual(ranBefore);
    // The standard steps still ahead were cancelled, with why.
    for (const step of before.steps.filter(scheduled)) {
      expect(after.steps.find((s) => s.stepId === step.stepId)).toMatchObject({
        status: 'cancelled',
        reason: expect.stringMatching(/^re-planned: class B → C, policy high-risk/),
      });
    }
    // Levels are one scale: the case reached the reminder (1), so high-risk goes on with its steps above
    // it, one level at a time, never a second reminder nor straight to a later level.
    const highRisk = await client.policyOf('high-risk');
    const overdueAt = Date.parse(after.overdueAt!);
    const ahead = highRisk.steps.filter((s) => s.level > 1).map((s) => s.name);
    expect(ahead).toEqual(['overdue-notice', 'second-notice', 'final-notice', 'legal-letter']);
    const replanned = after.steps.filter((s) => s.policyId === 'high-risk');
    expect(replanned.map((s) => s.name)).toEqual(ahead);
    expect(replanned.map((s) => s.stepId).sort()).toEqual(replans.map((t) => t.stepId!).sort());
    expect(replanned.every(done)).toBe(true);
    // Each no sooner than its own day and a week (the minimum interval) after the notice before it.
    const reminderAt = Date.parse(ranBefore[0]!.executedAt!);
    for (const [i, step] of replanned.entries()) {
      const offset = highRisk.steps.find((s) => s.name === step.name)!.offsetDays;
      expect(Date.parse(step.dueAt), step.name).toBeGreaterThanOrEqual(overdueAt + (offset - 1) * DAY_MS);
      const before = i === 0 ? reminderAt : Date.parse(replanned[i - 1]!.executedAt!);
      expect(Date.parse(step.executedAt!) - before, step.name).toBeGreaterThanOrEqual(7 * DAY_MS);
    }
    expect(after.steps.filter((s) => s.policyId === 'standard' && done(s))).toEqual(ranBefore);
    expectRanOnceInOrder(after.steps);
    await expectNoticesOnce(invoiceId, after.steps);
  });
});
