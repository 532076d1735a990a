import { describe, expect, it } from 'vitest';
import { legalTaskId } from '../src/commands/legal.ts';
import {
  caseVerdict,
  type PlannableCase,
  type PlannableStep,
  planNotices,
} from '../src/domain/notice-plan.ts';
import { effectivePolicyId, PolicyBody } from '../src/domain/policy.ts';

const active: PlannableCase = {
  status: 'active',
  closeReason: null,
  balanceMinor: 10_000n,
  openDisputes: 0,
  promisePending: false,
  currency: 'JPY',
  reachedLevel: 1,
  lastNoticeAtMs: 0,
  intervalMs: 700,
};
const step = (stepId: string, invoiceId: string, runAtMs: number, level = 2): PlannableStep => ({
  stepId,
  invoiceId,
  customerId: 'c1',
  name: `level-${level}`,
  level,
  itemLevel: level,
  runAtMs,
});

describe('the policy in force', () => {
  it.each([
    [null, 'A', 'premium'],
    [null, 'B', 'standard'],
    [null, 'C', 'high-risk'],
    ['high-risk', 'A', 'high-risk'],
    ['premium', 'C', 'premium'],
    ['custom-ladder', 'B', 'custom-ladder'],
  ] as const)('assigned %s, class %s → %s', (assigned, riskClass, policyId) => {
    expect(effectivePolicyId(assigned, riskClass)).toBe(policyId);
  });
});

describe('a case in legal', () => {
  it.each([
    [{ legal: true }, { wait: true }],
    [{ legal: true, status: 'paused' }, { wait: true }],
    [{ legal: true, promisePending: true }, { wait: true }],
    [{ legal: false }, { run: true }],
    // closed or settled wins over legal: its steps end
    [{ legal: true, status: 'closed', closeReason: 'paid' }, { skip: 'case closed (paid)' }],
    [{ legal: true, balanceMinor: 0n }, { skip: 'nothing left to pay' }],
  ] as const)('%o -> %o', (c, verdict) => {
    expect(caseVerdict({ ...active, ...(c as Partial<PlannableCase>) })).toEqual(verdict);
  });

  it('holds its due steps (neither run, skipped nor deferred) while the customer’s other cases run', () => {
    const now = 10_000;
    const plan = planNotices(
      [
        step('s-legal', 'i-legal', now - 5_000),
        step('s-legal-4', 'i-legal', now - 10, 4),
        step('s-other', 'i-other', now - 1),
      ],
      new Map([
        ['i-legal', { ...active, legal: true }],
        ['i-other', active],
      ]),
      now,
      100,
    );
    expect(plan.notices.map((n) => n.stepIds)).toEqual([['s-other']]);
    expect(plan.skipped).toEqual([]);
    expect(plan.deferred).toEqual([]);
  });

  it('is not joined into another case’s notice by the consolidation window', () => {
    const now = 10_000;
    const plan = planNotices(
      [step('s-other', 'i-other', now - 1), step('s-legal', 'i-legal', now + 50)],
      new Map([
        ['i-legal', { ...active, legal: true }],
        ['i-other', active],
      ]),
      now,
      100,
    );
    expect(plan.notices.map((n) => n.stepIds)).toEqual([['s-other']]);
  });
});

describe('legal-hand-over in a policy', () => {
  const ladder = (actions: string[]) => ({
    steps: [
      { level: 1, offsetDays: 7, name: 'reminder', actions: ['email'], templateKey: 'r' },
      { level: 4, offsetDays: 90, name: 'legal-letter', actions, templateKey: 'l' },
    ],
  });

  it('is a step action, alone or beside notices and tasks', () => {
    expect(PolicyBody.safeParse(ladder(['legal-hand-over'])).success).toBe(true);
    expect(PolicyBody.safeParse(ladder(['letter', 'write-off-review-task', 'legal-hand-over'])).success).toBe(
      true,
    );
  });

  it('is named once per step, and spelled right', () => {
    const twice = PolicyBody.safeParse(ladder(['legal-hand-over', 'legal-hand-over']));
    expect(twice.error?.issues.map((i) => i.path.join('.'))).toEqual(['steps.1.actions']);
    const typo = PolicyBody.safeParse(ladder(['legal-handover']));
    expect(typo.error?.issues.map((i) => i.path.join('.'))).toEqual(['steps.1.actions.0']);
  });
});

describe('legal task ids', () => {
  it('derive from the posting: the same posting gives the same id', () => {
    expect(legalTaskId({ kind: 'payment', id: 'p-1' })).toBe('legal.payment.p-1');
    expect(legalTaskId({ kind: 'invoice-issued', id: 'INV-9' })).toBe('legal.invoice-issued.INV-9');
    expect(legalTaskId({ kind: 'dispute-opened', id: 'd.1' })).toBe('legal.dispute-opened.d.1');
  });

  it('stay valid ids (at most 100 characters) for the longest posting ids, distinct per posting', () => {
    const long = 'x'.repeat(100);
    const a = legalTaskId({ kind: 'invoice-issued', id: long });
    const b = legalTaskId({ kind: 'invoice-issued', id: `${'x'.repeat(99)}y` });
    expect(a.length).toBeLessThanOrEqual(100);
    expect(a).toMatch(/^[A-Za-z0-9._-]+$/);
    expect(a).not.toBe(b);
    expect(legalTaskId({ kind: 'invoice-issued', id: long })).toBe(a);
  });
});
