import { describe, expect, it } from 'vitest';
import {
  cappedLevel,
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
  currency: 'EUR',
  reachedLevel: null,
  lastNoticeAtMs: null,
  intervalMs: 700,
};
const step = (
  stepId: string,
  invoiceId: string,
  runAtMs: number,
  name = 'reminder',
  customerId = 'c1',
  level = 1,
  itemLevel: number | null = level,
): PlannableStep => ({ stepId, invoiceId, customerId, name, level, itemLevel, runAtMs });
const cases = (entries: Record<string, Partial<PlannableCase>>) =>
  new Map(Object.entries(entries).map(([id, c]) => [id, { ...active, ...c }]));

describe('case verdict', () => {
  it.each([
    [{}, { run: true }],
    [{ status: 'closed', closeReason: 'settled' }, { skip: 'case closed (settled)' }],
    [{ status: 'closed' }, { skip: 'case closed (unknown)' }],
    [{ balanceMinor: 0n }, { skip: 'nothing left to pay' }],
    [{ balanceMinor: -500n }, { skip: 'nothing left to pay' }],
    [{ status: 'paused' }, { wait: { reason: 'dispute', detail: 'disputed' } }],
    [{ openDisputes: 1 }, { wait: { reason: 'dispute', detail: 'disputed' } }],
    [{ promisePending: true }, { wait: { reason: 'promise', detail: 'a promise to pay is pending' } }],
    // a settled case is skipped even if a dispute is still open on it
    [{ balanceMinor: 0n, openDisputes: 2 }, { skip: 'nothing left to pay' }],
  ] as const)('%o -> %o', (c, verdict) => {
    expect(caseVerdict({ ...active, ...(c as Partial<PlannableCase>) }, 0)).toEqual(verdict);
  });
});

describe('planNotices', () => {
  const ids = (plan: ReturnType<typeof planNotices>) =>
    plan.notices.map((n) => [n.leadStepId, ...n.stepIds.slice(1)]);

  it('runs one notice per due step when nothing consolidates', () => {
    const plan = planNotices(
      [step('s1', 'i1', 100, 'reminder', 'c1'), step('s2', 'i2', 100, 'reminder', 'c2')],
      cases({ i1: {}, i2: {} }),
      100,
      0,
    );
    expect(plan.notices).toEqual([
      { leadStepId: 's1', stepIds: ['s1'], level: 1, items: [{ stepId: 's1', level: 1 }] },
      { leadStepId: 's2', stepIds: ['s2'], level: 1, items: [{ stepId: 's2', level: 1 }] },
    ]);
    expect(plan.skipped).toEqual([]);
    expect(plan.deferred).toEqual([]);
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

  it("consolidates the customer's steps in one currency within the window, whatever their level", () => {
    const plan = planNotices(
      [
        step('a', 'i1', 1_000),
        step('b', 'i3', 1_050), // within the window: pulled forward
        step('c', 'i2', 1_100), // exactly at the window's end: joins
        step('d', 'i4', 1_101), // just past it: later
        step('e', 'i5', 1_000, 'overdue-notice', 'c1', 2), // another level, same currency: same notice
        step('f', 'i6', 1_000, 'reminder', 'c2'), // another customer
      ],
      cases({ i1: { reachedLevel: 1 }, i2: {}, i3: {}, i4: {}, i5: { reachedLevel: 1 }, i6: {} }),
      1_000,
      100,
    );
    // The notice is at the highest level, led by that step; each invoice keeps its own level.
    expect(plan.notices).toEqual([
      {
        leadStepId: 'e',
        stepIds: ['e', 'a', 'c', 'b'],
        level: 2,
        items: [
          { stepId: 'e', level: 2 },
          { stepId: 'a', level: 1 },
          { stepId: 'c', level: 1 },
          { stepId: 'b', level: 1 },
        ],
      },
      { leadStepId: 'f', stepIds: ['f'], level: 1, items: [{ stepId: 'f', level: 1 }] },
    ]);
  });

  it('gives each currency of a customer its own notice', () => {
    const plan = planNotices(
      [step('eur', 'i1', 100), step('usd', 'i2', 100), step('jpy', 'i3', 150)],
      cases({ i1: {}, i2: { currency: 'USD' }, i3: { currency: 'JPY' } }),
      100,
      100,
    );
    expect(ids(plan)).toEqual([['eur'], ['usd']]);
  });

  it('runs only the lowest due level of a case after downtime; the others wait for it', () => {
    const plan = planNotices(
      [
        step('legal', 'i1', 900, 'legal-letter', 'c1', 4),
        step('rem', 'i1', 100, 'reminder', 'c1', 1),
        step('over', 'i1', 300, 'overdue-notice', 'c1', 2),
      ],
      cases({ i1: {} }),
      1_000,
      0,
    );
    expect(ids(plan)).toEqual([['rem']]);
    expect(plan.notices[0]!.level).toBe(1);
    expect(plan.skipped).toEqual([]);
  });

  it('never sends more than one level above the level reached', () => {
    // A policy with a gap (levels 1 then 3): the step at level 3 goes out as level 2.
    const plan = planNotices(
      [step('final', 'i1', 100, 'final-notice', 'c1', 3)],
      cases({ i1: { reachedLevel: 1 } }),
      100,
      0,
    );
    expect(plan.notices[0]).toMatchObject({ level: 2, items: [{ stepId: 'final', level: 2 }] });
    expect([
      cappedLevel(4, null),
      cappedLevel(0, null),
      cappedLevel(4, 0),
      cappedLevel(3, 3),
      cappedLevel(2, 3),
    ]).toEqual([1, 0, 1, 3, 2]);
  });

  it('defers a case within the minimum interval of its last notice', () => {
    const plan = planNotices(
      [step('over', 'i1', 100, 'overdue-notice', 'c1', 2), step('final', 'i1', 100, 'final-notice', 'c1', 3)],
      cases({ i1: { reachedLevel: 1, lastNoticeAtMs: 0, intervalMs: 700 } }),
      100,
      0,
    );
    expect(plan.notices).toEqual([]);
    expect(plan.deferred.map((d) => [d.stepId, d.notBeforeMs])).toEqual([
      ['over', 700],
      ['final', 700],
    ]);
  });

  it('postpones a second notice in one currency the same day to the next, other currencies unaffected', () => {
    const plan = planNotices(
      [step('eur', 'i1', 100), step('usd', 'i2', 100)],
      cases({ i1: {}, i2: { currency: 'USD' } }),
      100,
      0,
      new Map([['c1|EUR', 500]]),
    );
    expect(ids(plan)).toEqual([['usd']]);
    expect(plan.deferred).toEqual([
      { stepId: 'eur', notBeforeMs: 500, reason: 'one notice a day per customer and currency' },
    ]);
    // Once the next day started it runs.
    expect(
      ids(planNotices([step('eur', 'i1', 100)], cases({ i1: {} }), 500, 0, new Map([['c1|EUR', 500]]))),
    ).toEqual([['eur']]);
  });

  it('skips an item below its minimum, and then runs the next due level if that one is met', () => {
    const plan = planNotices(
      [
        step('rem', 'i1', 100, 'reminder', 'c1', 1, null),
        step('over', 'i1', 100, 'overdue-notice', 'c1', 2, 1),
      ],
      cases({ i1: {} }),
      100,
      0,
    );
    expect(plan.skipped).toEqual([{ stepId: 'rem', reason: 'below the minimum amount' }]);
    expect(plan.notices).toEqual([
      { leadStepId: 'over', stepIds: ['over'], level: 1, items: [{ stepId: 'over', level: 1 }] },
    ]);
  });

  it('skips due steps of closed or settled cases with the reason, and lets paused ones wait', () => {
    const plan = planNotices(
      [
        step('s1', 'closed', 100),
        step('s2', 'settled', 100),
        step('s3', 'paused', 100),
        step('s4', 'ok', 100, 'reminder', 'c2'),
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
    expect(ids(plan)).toEqual([['s4']]);
  });

  it('does not consolidate steps of paused or settled cases, nor skip them before they are due', () => {
    const plan = planNotices(
      [step('lead', 'i1', 100), step('paused', 'i2', 150), step('settled', 'i3', 150), step('ok', 'i4', 150)],
      cases({ i1: {}, i2: { promisePending: true }, i3: { balanceMinor: 0n }, i4: {} }),
      100,
      100,
    );
    expect(ids(plan)).toEqual([['lead', 'ok']]);
    expect(plan.skipped).toEqual([]);
  });

  it('a paused case does not hold back the same customer’s other due steps', () => {
    const plan = planNotices(
      [step('p', 'i1', 100), step('q', 'i2', 100)],
      cases({ i1: { status: 'paused' }, i2: {} }),
      100,
      0,
    );
    expect(ids(plan)).toEqual([['q']]);
  });

  it('ignores steps whose case is unknown', () => {
    const plan = planNotices([step('s1', 'gone', 100)], cases({}), 100, 0);
    expect(plan).toEqual({ notices: [], skipped: [], deferred: [], excluded: [] });
  });

  it('gives each customer and currency at most one notice and each case at most one step, for many at once', () => {
    const steps: PlannableStep[] = [];
    const known: Record<string, Partial<PlannableCase>> = {};
    for (let i = 0; i < 2_000; i++) {
      const customer = `c${i % 37}`;
      const invoice = `i${i % 700}`;
      steps.push(step(`s${i}`, invoice, (i * 7919) % 5_000, 'x', customer, 1 + (i % 4)));
      known[invoice] =
        i % 11 === 0
          ? { balanceMinor: 0n }
          : i % 13 === 0
            ? { openDisputes: 1 }
            : { currency: i % 2 ? 'EUR' : 'USD' };
    }
    const plan = planNotices(steps, cases(known), 4_000, 250);
    const seen = plan.notices.flatMap((n) => n.stepIds).concat(plan.skipped.map((s) => s.stepId));
    expect(new Set(seen).size).toBe(seen.length);
    const byId = new Map(steps.map((s) => [s.stepId, s]));
    const groups = plan.notices.map((n) => {
      const lead = byId.get(n.leadStepId)!;
      return `${lead.customerId}|${cases(known).get(lead.invoiceId)!.currency}`;
    });
    expect(new Set(groups).size).toBe(groups.length);
    const invoices = plan.notices.flatMap((n) => n.stepIds.map((id) => byId.get(id)!.invoiceId));
    expect(new Set(invoices).size).toBe(invoices.length);
    for (const notice of plan.notices) {
      expect(notice.level).toBe(Math.max(...notice.items.map((i) => i.level)));
      expect(notice.items.every((i) => i.level === 1)).toBe(true); // nothing reached yet: reminders only
    }
  });
});
