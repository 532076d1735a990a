import { describe, expect, it } from 'vitest';
import { caseVerdict, type PlannableCase, planNotices } from '../src/domain/notice-plan.ts';
import type { PlanningClock } from '../src/domain/plan-steps.ts';
import { type ProposalStep, proposeRuns } from '../src/domain/run-proposal.ts';

const DAY = 100;
const compressed: PlanningClock = { dayMs: DAY, sendWindow: null, timeZone: 'UTC' };
const active: PlannableCase = {
  status: 'active',
  closeReason: null,
  balanceMinor: 10_000n,
  openDisputes: 0,
  promisePending: false,
  currency: 'EUR',
  reachedLevel: null,
  lastNoticeAtMs: null,
  intervalMs: 7 * DAY,
};
const cases = (entries: Record<string, Partial<PlannableCase>>) =>
  new Map(Object.entries(entries).map(([id, c]) => [id, { ...active, ...c }]));
const ladder = (invoiceId: string, customerId: string, runs: number[], itemLevels?: (number | null)[]) =>
  runs.map(
    (runAtMs, i): ProposalStep => ({
      stepId: `${invoiceId}-${i + 1}`,
      invoiceId,
      customerId,
      name: ['reminder', 'overdue-notice', 'final-notice', 'legal-letter'][i]!,
      level: i + 1,
      itemLevel: itemLevels ? itemLevels[i]! : i + 1,
      runAtMs,
      dueAtMs: runAtMs,
      channels: i === 3 ? ['letter'] : ['email'],
    }),
  );
const propose = (
  steps: ProposalStep[],
  c: Map<string, PlannableCase>,
  untilMs: number,
  options: { nowMs?: number; windowMs?: number; clock?: PlanningClock } = {},
) =>
  proposeRuns({
    steps,
    cases: c,
    nowMs: options.nowMs ?? 0,
    untilMs,
    windowMs: options.windowMs ?? 0,
    nextNoticeAt: new Map(),
    clockOf: () => options.clock ?? compressed,
  });
const brief = (items: ReturnType<typeof propose>) =>
  items.map((i) => [
    i.customerId,
    i.level,
    i.step,
    i.invoiceIds.join('+'),
    i.atMs,
    i.excluded?.reason ?? null,
  ]);

describe('blocks in the case verdict', () => {
  it.each([
    [[{ blockId: 'b', reason: 'vip' as const, untilMs: null }], 50, { reason: 'vip' }],
    [[{ blockId: 'b', reason: 'legal' as const, untilMs: 100 }], 99, { reason: 'legal' }],
    // `until` passed: the block no longer holds.
    [[{ blockId: 'b', reason: 'legal' as const, untilMs: 100 }], 100, null],
    [[], 0, null],
  ])('%o at %d', (blocks, nowMs, wait) => {
    const verdict = caseVerdict({ ...active, blocks }, nowMs);
    if (wait) expect(verdict).toMatchObject({ wait });
    else expect(verdict).toEqual({ run: true });
  });

  it('a block outranks a dispute and a promise; a closed case is skipped even when blocked', () => {
    const blocks = [{ blockId: 'b', reason: 'bankruptcy' as const, untilMs: null }];
    expect(caseVerdict({ ...active, blocks, openDisputes: 1, promisePending: true }, 0)).toMatchObject({
      wait: { reason: 'bankruptcy' },
    });
    expect(caseVerdict({ ...active, blocks, status: 'closed', closeReason: 'paid' }, 0)).toEqual({
      skip: 'case closed (paid)',
    });
  });

  it('planNotices lists a blocked case’s due steps as excluded with the code, not skipped nor deferred', () => {
    const plan = planNotices(
      ladder('i1', 'c1', [100, 800]),
      cases({ i1: { blocks: [{ blockId: 'b1', reason: 'manual', untilMs: null }] } }),
      900,
      0,
    );
    expect(plan.notices).toEqual([]);
    expect(plan.skipped).toEqual([]);
    expect(plan.deferred).toEqual([]);
    expect(plan.excluded.map((x) => [x.stepId, x.reason])).toEqual([
      ['i1-1', 'manual'],
      ['i1-2', 'manual'],
    ]);
  });

  it('a blocked case does not join its customer’s notice; the unblocked one goes alone', () => {
    const plan = planNotices(
      [...ladder('i1', 'c1', [100]), ...ladder('i2', 'c1', [100])],
      cases({ i1: { blocks: [{ blockId: 'b1', reason: 'dispute', untilMs: null }] }, i2: {} }),
      100,
      50,
    );
    expect(plan.notices.map((n) => n.stepIds)).toEqual([['i2-1']]);
  });
});

describe('proposeRuns', () => {
  it('lists the notices up to until, one level at a time an interval apart, as the runner spaces them', () => {
    // Loaded 100 days overdue: every level is due now.
    const items = propose(ladder('i1', 'c1', [0, 0, 0, 0]), cases({ i1: {} }), 15 * DAY);
    expect(brief(items)).toEqual([
      ['c1', 1, 'reminder', 'i1', 0, null],
      // The legal letter fell due (at 0) but one level at a time puts it after until.
      ['c1', 4, 'legal-letter', 'i1', 0, 'min-interval'],
      ['c1', 2, 'overdue-notice', 'i1', 7 * DAY, null],
      ['c1', 3, 'final-notice', 'i1', 14 * DAY, null],
    ]);
    expect(items[0]!.channels).toEqual(['email']);
    expect(items[0]!.amountMinor).toBe(10_000n);
  });

  it('a block whose until falls inside the window: owed steps run from then, one level at a time', () => {
    const items = propose(
      ladder('i1', 'c1', [100, 300]),
      cases({ i1: { blocks: [{ blockId: 'b', reason: 'vip', untilMs: 500 }] } }),
      2_000,
    );
    expect(brief(items)).toEqual([
      ['c1', 1, 'reminder', 'i1', 500, null],
      ['c1', 2, 'overdue-notice', 'i1', 1_200, null],
    ]);
  });

  it('a block holding past until: every step due meanwhile is excluded with its code, none runs', () => {
    const items = propose(
      ladder('i1', 'c1', [100, 300]),
      cases({ i1: { blocks: [{ blockId: 'b', reason: 'bankruptcy', untilMs: null }] } }),
      1_000,
    );
    expect(brief(items)).toEqual([
      ['c1', 1, 'reminder', 'i1', 100, 'bankruptcy'],
      ['c1', 1, 'overdue-notice', 'i1', 300, 'bankruptcy'],
    ]);
  });

  it('consolidates one customer’s invoices in one currency; another currency is its own notice', () => {
    const items = propose(
      [...ladder('e1', 'c1', [100]), ...ladder('e2', 'c1', [130]), ...ladder('u1', 'c1', [100])],
      cases({ e1: {}, e2: { balanceMinor: 2_550n }, u1: { currency: 'USD' } }),
      1_000,
      { windowMs: 50 },
    );
    expect(brief(items)).toEqual([
      ['c1', 1, 'reminder', 'e1+e2', 100, null],
      ['c1', 1, 'reminder', 'u1', 100, null],
    ]);
    expect(items[0]!.amountMinor).toBe(12_550n);
  });

  it('below the minimum, disputed and promised cases are held back with their reasons', () => {
    const items = propose(
      [
        ...ladder('small', 'c1', [100], [null]),
        ...ladder('disp', 'c2', [100]),
        ...ladder('prom', 'c3', [100]),
      ],
      cases({
        small: { currency: 'JPY', balanceMinor: 1n },
        disp: { openDisputes: 1 },
        prom: { currency: 'KWD', promisePending: true, balanceMinor: 1_500n },
      }),
      1_000,
    );
    expect(brief(items)).toEqual([
      ['c1', 1, 'reminder', 'small', 100, 'below-minimum'],
      ['c2', 1, 'reminder', 'disp', 100, 'dispute'],
      ['c3', 1, 'reminder', 'prom', 100, 'promise'],
    ]);
  });

  it('a step due by until whose send window opens after it is held back by quiet hours', () => {
    const clock: PlanningClock = {
      dayMs: 86_400_000,
      timeZone: 'Asia/Shanghai',
      sendWindow: { startHour: 8, endHour: 18, weekdays: [1, 2, 3, 4, 5] },
    };
    // Friday 2026-12-04 20:00 in Shanghai: the window opens Monday 08:00 (00:00 UTC).
    const due = Date.parse('2026-12-04T12:00:00Z');
    const monday = Date.parse('2026-12-07T00:00:00Z');
    const [step] = ladder('i1', 'c1', [monday]);
    const items = propose([{ ...step!, dueAtMs: due }], cases({ i1: {} }), monday - 1, {
      nowMs: due - 1,
      clock,
    });
    expect(brief(items)).toEqual([['c1', 1, 'reminder', 'i1', monday, 'quiet-hours']]);
    // Asked until Monday 08:00 it goes out then.
    expect(
      brief(propose([{ ...step!, dueAtMs: due }], cases({ i1: {} }), monday, { nowMs: due - 1, clock })),
    ).toEqual([['c1', 1, 'reminder', 'i1', monday, null]]);
  });

  it('a second notice the same day waits for the next: postponed past until it is held (min-interval)', () => {
    const items = proposeRuns({
      steps: ladder('i1', 'c1', [100]),
      cases: cases({ i1: {} }),
      nowMs: 100,
      untilMs: 150,
      windowMs: 0,
      nextNoticeAt: new Map([['c1|EUR', 200]]),
      clockOf: () => compressed,
    });
    expect(brief(items)).toEqual([['c1', 1, 'reminder', 'i1', 100, 'min-interval']]);
    expect(items[0]!.excluded!.detail).toBe('one notice a day per customer and currency');
  });

  it('a thousand customers’ whole ladders over the window: each level once, in seconds at most', () => {
    const steps = Array.from({ length: 1_000 }, (_, i) =>
      ladder(`i${i}`, `c${i}`, [i, 23 * DAY + i, 53 * DAY + i, 83 * DAY + i]),
    ).flat();
    const started = performance.now();
    const items = propose(steps, cases(Object.fromEntries(steps.map((s) => [s.invoiceId, {}]))), 100 * DAY);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(items.length).toBe(4_000);
    expect(items.every((i) => i.excluded === null)).toBe(true);
  });

  it('an empty input or nothing due by until proposes nothing', () => {
    expect(propose([], cases({}), 1_000)).toEqual([]);
    expect(propose(ladder('i1', 'c1', [5_000]), cases({ i1: {} }), 1_000)).toEqual([]);
  });
});
