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
const standard: Policy = { policyId: 'standard', version: 1, ...standardPolicy };
const premium: Policy = { policyId: 'premium', version: 1, ...premiumPolicy };
const highRisk: Policy = { policyId: 'high-risk', version: 1, ...highRiskPolicy };
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
  it('plans the standard ladder 7/30/60/90 with its names', () => {
    const steps = planSteps(standard, overdueAt, utc);
    expect(steps.map((s) => [s.name, s.offsetDays, s.level])).toEqual([
      ['reminder', 7, 0],
      ['overdue-notice', 30, 1],
      ['final-notice', 60, 2],
      ['legal-letter', 90, 3],
    ]);
    expect(steps.map((s) => s.runAtMs)).toEqual(steps.map((s) => s.dueAtMs));
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
  it('re-plans only steps still in the future', () => {
    const now = overdueAt + 12 * DAY;
    const steps = planFutureSteps(highRisk, overdueAt, utc, 0, now);
    expect(steps.map((s) => s.name)).toEqual(['second-notice', 'final-notice', 'legal-letter']);
    expect(steps.every((s) => s.dueAtMs > now)).toBe(true);
  });
  it('re-plans against the pause shift', () => {
    const now = overdueAt + 12 * DAY;
    const steps = planFutureSteps(highRisk, overdueAt, utc, 10 * DAY, now);
    expect(steps.map((s) => s.name)).toEqual([
      'overdue-notice',
      'second-notice',
      'final-notice',
      'legal-letter',
    ]);
  });
  it('never repeats a notice the case already had, nor steps back down the ladder', () => {
    // High-risk ran reminder, overdue-notice and second-notice; the class drops to B on day 12.
    const now = overdueAt + 12 * DAY;
    const ran = new Set(['reminder', 'overdue-notice', 'second-notice']);
    expect(planFutureSteps(standard, overdueAt, utc, 0, now, ran).map((s) => s.name)).toEqual([
      'final-notice',
      'legal-letter',
    ]);
    // The whole high-risk ladder ran, legal letter included: nothing is left to plan on standard.
    const all = new Set(highRisk.steps.map((s) => s.name));
    expect(planFutureSteps(standard, overdueAt, utc, 0, overdueAt + 40 * DAY, all)).toEqual([]);
    // Only the reminder ran: standard goes on from the overdue notice, never a second reminder.
    const early = planFutureSteps(standard, overdueAt, utc, 0, overdueAt + 2 * DAY, new Set(['reminder']));
    expect(early.map((s) => s.name)).toEqual(['overdue-notice', 'final-notice', 'legal-letter']);
    // Names the new policy does not have do not hold it back.
    const unknown = planFutureSteps(highRisk, overdueAt, utc, 0, overdueAt - DAY, new Set(['courtesy-call']));
    expect(unknown.map((s) => s.name)).toEqual(highRisk.steps.map((s) => s.name));
  });
  it('keeps a notice the case was owed: the furthest step already due on the new policy runs now', () => {
    // Nothing ran yet (a backlog) and on day 20 the class becomes C: every high-risk step up to the
    // second notice is due. Without the old step owed, none of them is planned; with it, the second
    // notice is, and the rest keep their times.
    const now = overdueAt + 20 * DAY;
    expect(planFutureSteps(highRisk, overdueAt, utc, 0, now).map((s) => s.name)).toEqual([
      'final-notice',
      'legal-letter',
    ]);
    const owed = planFutureSteps(highRisk, overdueAt, utc, 0, now, new Set(), true);
    expect(owed.map((s) => s.name)).toEqual(['second-notice', 'final-notice', 'legal-letter']);
    expect(owed[0]!.dueAtMs).toBeLessThanOrEqual(now);
    // All of them due: the ladder is not lost, the legal letter runs.
    const late = planFutureSteps(highRisk, overdueAt, utc, 0, overdueAt + 50 * DAY, new Set(), true);
    expect(late.map((s) => s.name)).toEqual(['legal-letter']);
    // Owed, but the case already went as far: nothing again.
    const done = new Set(highRisk.steps.map((s) => s.name));
    expect(planFutureSteps(standard, overdueAt, utc, 0, overdueAt + 50 * DAY, done, true)).toEqual([]);
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
        { offsetDays: 30, name: 'a', actions: ['email'], templateKey: 't' },
        { offsetDays: 7, name: 'a', actions: ['fax'], templateKey: 't', colour: 'red' },
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
  it('rejects a step with no action or a repeated action', () => {
    expect(
      PolicyBody.safeParse({ steps: [{ offsetDays: 1, name: 'a', actions: [], templateKey: 't' }] }).success,
    ).toBe(false);
    expect(
      PolicyBody.safeParse({
        steps: [{ offsetDays: 1, name: 'a', actions: ['sms', 'sms'], templateKey: 't' }],
      }).success,
    ).toBe(false);
  });
});
