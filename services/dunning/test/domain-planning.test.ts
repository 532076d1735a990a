import { describe, expect, it } from 'vitest';
import { highRiskPolicy, premiumPolicy, standardPolicy } from '../src/domain/default-policies.ts';
import {
  daysOverdue,
  daysPastDue,
  planFutureSteps,
  planNewCase,
  planSteps,
  stepDueAt,
} from '../src/domain/plan-steps.ts';
import { type Policy, PolicyBody, policyIdForClass } from '../src/domain/policy.ts';

const DAY = 86_400_000;
const standard: Policy = { policyId: 'standard', version: 1, ...PolicyBody.parse(standardPolicy) };
const premium: Policy = { policyId: 'premium', version: 1, ...PolicyBody.parse(premiumPolicy) };
const highRisk: Policy = { policyId: 'high-risk', version: 1, ...PolicyBody.parse(highRiskPolicy) };
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const overdueAt = Date.parse('2026-11-01T00:00:00Z'); // due date Oct 31 in UTC
const utc = { dayMs: DAY, sendWindow: null, timeZone: 'UTC' };

describe('step due times (time rule)', () => {
  it('puts offset d at the start of calendar day dueDate + d', () => {
    expect(new Date(stepDueAt(overdueAt, 7, DAY)).toISOString()).toBe('2026-11-07T00:00:00.000Z');
    expect(new Date(stepDueAt(overdueAt, 1, DAY)).toISOString()).toBe('2026-11-01T00:00:00.000Z');
  });
  it('handles offset 0 and negative offsets (before the due date)', () => {
    expect(new Date(stepDueAt(overdueAt, 0, DAY)).toISOString()).toBe('2026-10-31T00:00:00.000Z');
    expect(new Date(stepDueAt(overdueAt, -3, DAY)).toISOString()).toBe('2026-10-28T00:00:00.000Z');
  });
  it('compresses with DAY_MS and adds the pause shift', () => {
    expect(stepDueAt(1_000, 30, 100)).toBe(1_000 + 2_900);
    expect(stepDueAt(1_000, 30, 100, 450)).toBe(1_000 + 2_900 + 450);
  });
  it('counts days past due as aging reports do', () => {
    expect(daysPastDue(overdueAt - 1, overdueAt, DAY)).toBe(0);
    expect(daysPastDue(overdueAt, overdueAt, DAY)).toBe(1);
    expect(daysPastDue(stepDueAt(overdueAt, 7, DAY), overdueAt, DAY)).toBe(7);
    expect(daysOverdue(stepDueAt(overdueAt, -3, DAY), overdueAt, DAY)).toBe(-3);
    expect(daysOverdue(stepDueAt(overdueAt, 0, DAY), overdueAt, DAY)).toBe(0);
  });
});

describe('planning', () => {
  it('plans the standard ladder 7/30/60/90 with its names and levels on the one scale', () => {
    const steps = planSteps(standard, overdueAt, utc);
    expect(steps.map((s) => [s.name, s.offsetDays, s.level, s.index])).toEqual([
      ['reminder', 7, 1, 0],
      ['overdue-notice', 30, 2, 1],
      ['final-notice', 60, 3, 2],
      ['legal-letter', 90, 4, 3],
    ]);
    expect(steps.map((s) => s.runAtMs)).toEqual(steps.map((s) => s.dueAtMs));
  });
  it('ships levels on one scale in every policy', () => {
    expect(premium.steps.map((s) => s.level)).toEqual([0, 1, 2, 3, 4]);
    expect(highRisk.steps.map((s) => s.level)).toEqual([1, 2, 2, 3, 4]);
    expect(standard.steps.map((s) => s.level)).toEqual([1, 2, 3, 4]);
    expect(
      [standard, premium, highRisk].map((p) => [p.minimumIntervalDays, p.graceDays, p.deadlineDays]),
    ).toEqual([
      [7, 0, 10],
      [7, 0, 10],
      [7, 0, 10],
    ]);
  });
  it('counts level 1 and above from the due date plus the grace days, a courtesy step from the due date', () => {
    const graced: Policy = { ...premium, graceDays: 5 };
    const steps = planSteps(graced, overdueAt, utc);
    expect(steps.map((s) => iso(s.dueAtMs))).toEqual([
      '2026-10-28', // courtesy: 3 days before Oct 31, no grace
      '2026-11-15', // reminder: Oct 31 + 5 + 10
      '2026-12-20',
      '2027-01-19',
      '2027-03-05',
    ]);
  });
  it('plans a courtesy reminder before the due date when it is still ahead', () => {
    const steps = planNewCase(premium, overdueAt, utc, overdueAt - 10 * DAY);
    expect(steps[0]).toMatchObject({ name: 'courtesy-reminder', offsetDays: -3 });
    expect(new Date(steps[0]!.dueAtMs).toISOString()).toBe('2026-10-28T00:00:00.000Z');
  });
  it('drops a courtesy reminder already past when the invoice arrives, but keeps overdue steps', () => {
    const steps = planNewCase(premium, overdueAt, utc, overdueAt + 20 * DAY);
    expect(steps.map((s) => s.name)).toEqual(['reminder', 'overdue-notice', 'final-notice', 'legal-letter']);
  });
  it('plans an invoice found 100 days overdue one level at a time, a minimum interval apart', () => {
    const now = overdueAt + 100 * DAY + 3_600_000;
    const steps = planNewCase(standard, overdueAt, utc, now);
    expect(steps.map((s) => s.name)).toEqual(['reminder', 'overdue-notice', 'final-notice', 'legal-letter']);
    // The reminder is due (runs now); each next level a week after the one before.
    expect(steps[0]!.dueAtMs).toBeLessThanOrEqual(now);
    expect(steps.slice(1).map((s) => s.dueAtMs - now)).toEqual([7 * DAY, 14 * DAY, 21 * DAY]);
  });
  it('spaces steps closer than the interval even when they are in the future', () => {
    const tight: Policy = {
      ...standard,
      minimumIntervalDays: 10,
      steps: standard.steps.map((s, i) => ({ ...s, offsetDays: 7 + i * 3 })),
    };
    const steps = planNewCase(tight, overdueAt, utc, overdueAt);
    expect(steps.map((s) => (s.dueAtMs - steps[0]!.dueAtMs) / DAY)).toEqual([0, 10, 20, 30]);
  });
  it('re-plans from the level reached: the next level above it, an interval after the last notice', () => {
    // High-risk sent the reminder (1) on day 1 and the overdue notice (2) on day 7; class B on day 9.
    const now = overdueAt + 9 * DAY;
    const lastNotice = overdueAt + 6 * DAY;
    const steps = planFutureSteps(standard, overdueAt, utc, 0, now, 2, lastNotice);
    expect(steps.map((s) => s.name)).toEqual(['final-notice', 'legal-letter']);
    expect(iso(steps[0]!.dueAtMs)).toBe('2026-12-30'); // its own day 60, well after the interval
    // Standard case at reminder (1) moved to high-risk on day 12: no second reminder, no jump to the
    // final notice though the high-risk final notice (day 30) is not due yet and the second notice is.
    const up = planFutureSteps(highRisk, overdueAt, utc, 0, overdueAt + 20 * DAY, 1, overdueAt + 6 * DAY);
    expect(up.map((s) => [s.name, s.level])).toEqual([
      ['overdue-notice', 2],
      ['second-notice', 2],
      ['final-notice', 3],
      ['legal-letter', 4],
    ]);
    // The overdue notice runs at once (its day 7 is long past), the second a week later, and so on.
    expect(up.map((s) => (s.dueAtMs - (overdueAt + 20 * DAY)) / DAY)).toEqual([-7, 7, 14, 24]);
    // Legal letter reached: nothing is left to plan.
    expect(
      planFutureSteps(standard, overdueAt, utc, 0, overdueAt + 40 * DAY, 4, overdueAt + 39 * DAY),
    ).toEqual([]);
  });
  it('re-plans a case that never got a notice from the first level, never straight to a later one', () => {
    // The README's tour: due Oct 31, first seen Dec 5, class C arrives at once. Nothing ran yet.
    const now = Date.parse('2026-12-05T10:00:00Z');
    const steps = planFutureSteps(highRisk, overdueAt, utc, 0, now, -1, null);
    expect(steps[0]).toMatchObject({ name: 'reminder', level: 1 });
    expect(steps.map((s) => s.level)).toEqual([1, 2, 2, 3, 4]);
    expect(steps.slice(1).map((s) => (s.dueAtMs - now) / DAY)).toEqual([7, 14, 21, 28]);
  });
  it('re-plans against the pause shift', () => {
    const now = overdueAt + 12 * DAY;
    const steps = planFutureSteps(highRisk, overdueAt, utc, 10 * DAY, now, 1, overdueAt + 11 * DAY);
    expect(steps.map((s) => s.name)).toEqual([
      'overdue-notice',
      'second-notice',
      'final-notice',
      'legal-letter',
    ]);
    expect(iso(steps[0]!.dueAtMs)).toBe('2026-11-19'); // 7 days after the last notice (Nov 12), not day 7 + 10
  });
  it('maps risk classes to policies', () => {
    expect([policyIdForClass('A'), policyIdForClass('B'), policyIdForClass('C')]).toEqual([
      'premium',
      'standard',
      'high-risk',
    ]);
  });
});

describe('policy validation', () => {
  it('accepts the shipped defaults', () => {
    for (const policy of [standardPolicy, premiumPolicy, highRiskPolicy])
      expect(PolicyBody.safeParse(policy).success).toBe(true);
  });
  it('rejects offsets out of order, repeated names, unknown actions and fields', () => {
    const bad = PolicyBody.safeParse({
      steps: [
        { level: 1, offsetDays: 30, name: 'a', actions: ['email'], templateKey: 't' },
        { level: 1, offsetDays: 7, name: 'a', actions: ['fax'], templateKey: 't', colour: 'red' },
      ],
    });
    expect(bad.success).toBe(false);
    const paths = bad.error!.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['steps.1.actions.0', 'steps.1']));
  });
  it('rejects a fee with too many decimals for its currency and a rate above 1', () => {
    const bad = PolicyBody.safeParse({
      steps: [
        {
          offsetDays: 7,
          name: 'a',
          actions: ['email'],
          templateKey: 't',
          charges: { fee: { amount: '10.5', currency: 'JPY' }, annualInterestRate: '1.5' },
        },
      ],
    });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => i.path.join('.'))).toEqual(
      expect.arrayContaining(['steps.0.charges.fee.amount', 'steps.0.charges.annualInterestRate']),
    );
  });
  it('rejects levels out of range or decreasing, and a level repeated within the minimum interval', () => {
    const step = (level: number, offsetDays: number, name: string) => ({
      level,
      offsetDays,
      name,
      actions: ['email'],
      templateKey: 't',
    });
    const paths = (body: unknown) => {
      const r = PolicyBody.safeParse(body);
      return r.success ? [] : r.error.issues.map((i) => i.path.join('.'));
    };
    expect(paths({ steps: [step(5, 1, 'a')] })).toEqual(['steps.0.level']);
    expect(paths({ steps: [step(-1, 1, 'a')] })).toEqual(['steps.0.level']);
    expect(paths({ steps: [step(2, 1, 'a'), step(1, 30, 'b')] })).toEqual(['steps.1.level']);
    expect(paths({ steps: [step(2, 7, 'a'), step(2, 13, 'b')] })).toEqual(['steps.1.level']);
    expect(paths({ steps: [step(2, 7, 'a'), step(2, 14, 'b')] })).toEqual([]);
    expect(paths({ minimumIntervalDays: 3, steps: [step(2, 7, 'a'), step(2, 10, 'b')] })).toEqual([]);
    expect(paths({ steps: [{ offsetDays: 1, name: 'a', actions: ['email'], templateKey: 't' }] })).toEqual([
      'steps.0.level',
    ]);
  });
  it('defaults interval, grace and deadline, and validates minimums', () => {
    const body = PolicyBody.parse({
      steps: [{ level: 1, offsetDays: 1, name: 'a', actions: ['email'], templateKey: 't' }],
    });
    expect(body).toMatchObject({ minimumIntervalDays: 7, graceDays: 0, deadlineDays: 10 });
    const bad = PolicyBody.safeParse({
      steps: [
        {
          level: 1,
          offsetDays: 1,
          name: 'a',
          actions: ['email'],
          templateKey: 't',
          minimum: { amounts: [{ currency: 'JPY', amount: '5.5' }], percentOfInvoice: '101' },
        },
      ],
    });
    expect(bad.error!.issues.map((i) => i.path.join('.'))).toEqual(
      expect.arrayContaining(['steps.0.minimum.amounts.0.amount', 'steps.0.minimum.percentOfInvoice']),
    );
  });
  it('rejects a step with no action or a repeated action', () => {
    expect(
      PolicyBody.safeParse({ steps: [{ level: 1, offsetDays: 1, name: 'a', actions: [], templateKey: 't' }] })
        .success,
    ).toBe(false);
    expect(
      PolicyBody.safeParse({
        steps: [{ level: 1, offsetDays: 1, name: 'a', actions: ['sms', 'sms'], templateKey: 't' }],
      }).success,
    ).toBe(false);
  });
});

describe('catch-up notices and the send window', () => {
  // Mon-Fri 08-18 in the customer's zone, as the service runs with real days.
  const window = { startHour: 8, endHour: 18, weekdays: [1, 2, 3, 4, 5] };
  const shanghai = { dayMs: DAY, sendWindow: window, timeZone: 'Asia/Shanghai' };

  it('sends a reminder already overdue when the window next opens, not at once on a Sunday night', () => {
    // Due 31 October in Shanghai, first seen Saturday 5 December, 20:44 UTC (04:44 Sunday in Shanghai).
    const due = Date.parse('2026-10-31T16:00:00Z');
    const now = Date.parse('2026-12-05T20:44:00Z');
    const [reminder] = planNewCase(standard, due, shanghai, now);
    expect(reminder).toMatchObject({ level: 1 });
    // Monday 7 December, 08:00 in Shanghai.
    expect(new Date(reminder!.runAtMs).toISOString()).toBe('2026-12-07T00:00:00.000Z');
    const [continued] = planFutureSteps(highRisk, due, shanghai, 0, now, 0, null);
    expect(new Date(continued!.runAtMs).toISOString()).toBe('2026-12-07T00:00:00.000Z');
  });

  it('keeps an overdue step at once when the window is open now, and future steps at their own time', () => {
    const due = Date.parse('2026-10-31T16:00:00Z');
    const now = Date.parse('2026-12-08T03:00:00Z'); // Tuesday 11:00 in Shanghai
    const steps = planNewCase(standard, due, shanghai, now);
    expect(steps[0]!.runAtMs).toBe(now);
    expect(steps[1]!.runAtMs).toBeGreaterThan(now + 6 * DAY);
  });

  it('changes nothing without a send window (compressed days)', () => {
    const due = Date.parse('2026-10-31T16:00:00Z');
    const now = Date.parse('2026-12-05T20:44:00Z');
    const [reminder] = planNewCase(standard, due, utc, now);
    expect(reminder!.runAtMs).toBeLessThanOrEqual(now);
  });
});
