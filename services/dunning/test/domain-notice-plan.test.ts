import { describe, expect, it } from 'vitest';
import {
  caseVerdict,
  type PlannableCase,
  type PlannableStep,
  planNotices,
} from '../src/domain/notice-plan.ts';

const active: PlannableCase = {
  status: 'active',
  closeReason: null,
  balanceMinor: 10_000n,
  openDisputes: 0,
  promisePending: false,
};
const step = (
  stepId: string,
  invoiceId: string,
  runAtMs: number,
  name = 'reminder',
  customerId = 'c1',
  level = 0,
): PlannableStep => ({ stepId, invoiceId, customerId, name, level, runAtMs });
const cases = (entries: Record<string, Partial<PlannableCase>>) =>
  new Map(Object.entries(entries).map(([id, c]) => [id, { ...active, ...c }]));

describe('case verdict', () => {
  it.each([
    [{}, { run: true }],
    [{ status: 'closed', closeReason: 'settled' }, { skip: 'case closed (settled)' }],
    [{ status: 'closed' }, { skip: 'case closed (unknown)' }],
    [{ balanceMinor: 0n }, { skip: 'nothing left to pay' }],
    [{ balanceMinor: -500n }, { skip: 'nothing left to pay' }],
    [{ status: 'paused' }, { wait: true }],
    [{ openDisputes: 1 }, { wait: true }],
    [{ promisePending: true }, { wait: true }],
    // a settled case is skipped even if a dispute is still open on it
    [{ balanceMinor: 0n, openDisputes: 2 }, { skip: 'nothing left to pay' }],
  ] as const)('%o -> %o', (c, verdict) => {
    expect(caseVerdict({ ...active, ...(c as Partial<PlannableCase>) })).toEqual(verdict);
  });
});

describe('planNotices', () => {
  it('runs one notice per due step when nothing consolidates', () => {
    const plan = planNotices(
      [step('s1', 'i1', 100, 'reminder', 'c1'), step('s2', 'i2', 100, 'reminder', 'c2')],
      cases({ i1: {}, i2: {} }),
      100,
      0,
    );
    expect(plan.notices).toEqual([
      { leadStepId: 's1', stepIds: ['s1'] },
      { leadStepId: 's2', stepIds: ['s2'] },
    ]);
    expect(plan.skipped).toEqual([]);
  });

  it('leaves steps not due yet alone (due exactly now runs)', () => {
    const plan = planNotices(
      [step('s1', 'i1', 100), step('s2', 'i2', 101, 'reminder', 'c2')],
      cases({ i1: {}, i2: {} }),
      100,
      0,
    );
    expect(plan.notices.map((n) => n.leadStepId)).toEqual(['s1']);
  });

  it("consolidates the customer's same-level steps within the window after the lead", () => {
    const plan = planNotices(
      [
        step('a', 'i1', 1_000),
        step('b', 'i3', 1_050), // within the window: pulled forward
        step('c', 'i2', 1_100), // exactly at the window's end: joins
        step('d', 'i4', 1_101), // just past it: its own notice later
        step('e', 'i5', 1_000, 'final-notice', 'c1', 2), // another level: its own notice
        step('f', 'i6', 1_000, 'reminder', 'c2'), // another customer
      ],
      cases({ i1: {}, i2: {}, i3: {}, i4: {}, i5: {}, i6: {} }),
      1_000,
      100,
    );
    expect(plan.notices).toEqual([
      { leadStepId: 'a', stepIds: ['a', 'c', 'b'] }, // members after the lead by invoice id
      { leadStepId: 'e', stepIds: ['e'] },
      { leadStepId: 'f', stepIds: ['f'] },
    ]);
  });

  it('with a zero window only steps due at the same instant join', () => {
    const plan = planNotices(
      [step('a', 'i1', 1_000), step('b', 'i2', 1_000), step('c', 'i3', 999)],
      cases({ i1: {}, i2: {}, i3: {} }),
      1_000,
      0,
    );
    // c is the earliest: it leads alone; a leads and takes b
    expect(plan.notices).toEqual([
      { leadStepId: 'c', stepIds: ['c'] },
      { leadStepId: 'a', stepIds: ['a', 'b'] },
    ]);
  });

  it('runs several due levels of one case in ladder order (after downtime)', () => {
    const plan = planNotices(
      [
        step('legal', 'i1', 900, 'legal-letter', 'c1', 3),
        step('rem', 'i1', 100, 'reminder', 'c1', 0),
        step('over', 'i1', 300, 'overdue-notice', 'c1', 1),
      ],
      cases({ i1: {} }),
      1_000,
      0,
    );
    expect(plan.notices.map((n) => n.leadStepId)).toEqual(['rem', 'over', 'legal']);
  });

  it('orders levels due at the same instant by level', () => {
    const plan = planNotices(
      [step('second', 'i1', 100, 'overdue-notice', 'c1', 1), step('first', 'i1', 100, 'reminder', 'c1', 0)],
      cases({ i1: {} }),
      100,
      0,
    );
    expect(plan.notices.map((n) => n.leadStepId)).toEqual(['first', 'second']);
  });

  it('skips due steps of closed or settled cases with the reason, and lets paused ones wait', () => {
    const plan = planNotices(
      [
        step('s1', 'closed', 100),
        step('s2', 'settled', 100),
        step('s3', 'paused', 100),
        step('s4', 'ok', 100),
      ],
      cases({
        closed: { status: 'closed', closeReason: 'written-off' },
        settled: { balanceMinor: 0n },
        paused: { openDisputes: 1 },
        ok: {},
      }),
      100,
      0,
    );
    expect(plan.skipped).toEqual([
      { stepId: 's1', reason: 'case closed (written-off)' },
      { stepId: 's2', reason: 'nothing left to pay' },
    ]);
    expect(plan.notices).toEqual([{ leadStepId: 's4', stepIds: ['s4'] }]);
  });

  it('does not consolidate steps of paused or settled cases, nor skip them before they are due', () => {
    const plan = planNotices(
      [step('lead', 'i1', 100), step('paused', 'i2', 150), step('settled', 'i3', 150), step('ok', 'i4', 150)],
      cases({ i1: {}, i2: { promisePending: true }, i3: { balanceMinor: 0n }, i4: {} }),
      100,
      100,
    );
    expect(plan.notices).toEqual([{ leadStepId: 'lead', stepIds: ['lead', 'ok'] }]);
    expect(plan.skipped).toEqual([]);
  });

  it('a paused lead does not hold back the same customer’s other due steps', () => {
    const plan = planNotices(
      [step('p', 'i1', 100), step('q', 'i2', 100)],
      cases({ i1: { status: 'paused' }, i2: {} }),
      100,
      0,
    );
    expect(plan.notices).toEqual([{ leadStepId: 'q', stepIds: ['q'] }]);
  });

  it('ignores steps whose case is unknown', () => {
    const plan = planNotices([step('s1', 'gone', 100)], cases({}), 100, 0);
    expect(plan).toEqual({ notices: [], skipped: [] });
  });

  it('puts every step in at most one notice, for many customers at once', () => {
    const steps: PlannableStep[] = [];
    const known: Record<string, Partial<PlannableCase>> = {};
    for (let i = 0; i < 2_000; i++) {
      const customer = `c${i % 37}`;
      const name = ['reminder', 'overdue-notice', 'final-notice'][i % 3]!;
      steps.push(step(`s${i}`, `i${i}`, (i * 7919) % 5_000, name, customer, i % 3));
      known[`i${i}`] = i % 11 === 0 ? { balanceMinor: 0n } : i % 13 === 0 ? { openDisputes: 1 } : {};
    }
    const plan = planNotices(steps, cases(known), 4_000, 250);
    const seen = plan.notices.flatMap((n) => n.stepIds).concat(plan.skipped.map((s) => s.stepId));
    expect(new Set(seen).size).toBe(seen.length);
    const byId = new Map(steps.map((s) => [s.stepId, s]));
    for (const notice of plan.notices) {
      const lead = byId.get(notice.leadStepId)!;
      expect(lead.runAtMs).toBeLessThanOrEqual(4_000);
      for (const id of notice.stepIds) {
        const s = byId.get(id)!;
        expect([s.customerId, s.name]).toEqual([lead.customerId, lead.name]);
        expect(s.runAtMs).toBeLessThanOrEqual(lead.runAtMs + 250);
      }
    }
    // every due step of a case that may be dunned is in a notice
    const runnable = steps.filter((s, i) => s.runAtMs <= 4_000 && i % 11 !== 0 && i % 13 !== 0);
    const inNotices = new Set(plan.notices.flatMap((n) => n.stepIds));
    expect(runnable.filter((s) => !inNotices.has(s.stepId))).toEqual([]);
  });
});
