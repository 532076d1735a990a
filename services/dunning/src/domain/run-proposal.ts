import { nextNoticeDay } from './notice-dates.ts';
import {
  cappedLevel,
  type Exclusion,
  noticeGroup,
  type PlannableCase,
  type PlannableStep,
  planNotices,
} from './notice-plan.ts';
import { type PlanningClock, runAtFor, spaceSteps } from './plan-steps.ts';

/** A scheduled step as the proposal sees it: the runner's view plus what a notice lists. */
export interface ProposalStep extends PlannableStep {
  dueAtMs: number;
  /** The channels the step's notice goes out on (its channel actions). */
  channels: readonly string[];
}

export interface ProposalInput {
  /** Every scheduled step of the customers running by `untilMs` + `windowMs`. */
  steps: readonly ProposalStep[];
  cases: ReadonlyMap<string, PlannableCase>;
  nowMs: number;
  untilMs: number;
  windowMs: number;
  /** As the runner reads it: when each customer and currency may get its next notice. */
  nextNoticeAt: ReadonlyMap<string, number>;
  clockOf: (invoiceId: string) => PlanningClock;
}

export interface ProposalItem {
  customerId: string;
  currency: string;
  level: number;
  step: string;
  invoiceIds: string[];
  amountMinor: bigint;
  /** When it goes out (a notice), or fell due (held back). */
  atMs: number;
  channels: string[];
  excluded: Exclusion | null;
}

// A proposal over years of a ladder is a few dozen runs per case; this bounds a malformed input.
const MAX_RUNS = 100_000;

/**
 * The dunning proposal: what goes out from `nowMs` to `untilMs`. Runs planNotices (the function the
 * step runner decides with) at each instant something may change — a step's run time, a block's end —
 * and applies in memory what the runner writes after a run (steps ended, level reached, the case's
 * later steps spaced by the minimum interval, deferred steps moved, the customer's next notice day).
 * Whatever is held back by then is listed with the reason planNotices gave it last; a step due by
 * `untilMs` whose send window opens after it is held back by quiet hours.
 */
export function proposeRuns(input: ProposalInput): ProposalItem[] {
  // planNotices decides each customer on its own: simulating them one by one costs each customer's
  // runs times its steps, not every run times every step.
  return [...Map.groupBy(input.steps, (s) => s.customerId).values()]
    .flatMap((steps) => proposeForCustomer({ ...input, steps }))
    .sort(
      (a, b) =>
        a.atMs - b.atMs ||
        a.customerId.localeCompare(b.customerId) ||
        a.currency.localeCompare(b.currency) ||
        a.level - b.level,
    );
}

function proposeForCustomer(input: ProposalInput): ProposalItem[] {
  const { untilMs, windowMs, clockOf } = input;
  const live = new Map(input.steps.map((s) => [s.stepId, { ...s }]));
  const original = new Map(input.steps.map((s) => [s.stepId, s]));
  const cases = new Map<string, PlannableCase>();
  for (const s of input.steps) {
    const c = input.cases.get(s.invoiceId);
    if (c && !cases.has(s.invoiceId)) cases.set(s.invoiceId, { ...c });
  }
  // Only this customer's notice days: copying every customer's for each customer was most of the work.
  const nextNoticeAt = new Map<string, number>();
  const customerId = input.steps[0]!.customerId;
  for (const c of cases.values()) {
    const group = noticeGroup(customerId, c.currency);
    const at = input.nextNoticeAt.get(group);
    if (at !== undefined) nextNoticeAt.set(group, at);
  }
  const lastExclusion = new Map<string, Exclusion>();
  const skipped = new Set<string>();
  const items: ProposalItem[] = [];
  // When each case's blocks end: the case may run again then.
  const blockEnds = [...cases].flatMap(([invoiceId, c]) =>
    (c.blocks ?? []).flatMap((b) => (b.untilMs === null ? [] : [{ invoiceId, atMs: b.untilMs }])),
  );
  let t = input.nowMs;
  for (let run = 0; run < MAX_RUNS; run++) {
    const considered = [...live.values()].filter((s) => s.runAtMs <= t + windowMs);
    const plan = planNotices(considered, cases, t, windowMs, nextNoticeAt);
    for (const x of plan.excluded) lastExclusion.set(x.stepId, { reason: x.reason, detail: x.detail });
    for (const s of plan.skipped) {
      live.delete(s.stepId);
      if (lastExclusion.has(s.stepId)) skipped.add(s.stepId);
    }
    const noticed = new Set<string>();
    for (const notice of plan.notices) {
      const lead = live.get(notice.leadStepId)!;
      const invoiceIds = notice.stepIds.map((id) => live.get(id)!.invoiceId);
      const c = cases.get(lead.invoiceId)!;
      items.push({
        customerId: lead.customerId,
        currency: c.currency,
        level: notice.level,
        step: lead.name,
        invoiceIds,
        amountMinor: invoiceIds.reduce((sum, id) => sum + cases.get(id)!.balanceMinor, 0n),
        atMs: t,
        channels: [...lead.channels],
        excluded: null,
      });
      for (const item of notice.items) {
        const s = live.get(item.stepId)!;
        const sc = cases.get(s.invoiceId)!;
        sc.reachedLevel = Math.max(sc.reachedLevel ?? 0, item.level);
        sc.lastNoticeAtMs = t;
        noticed.add(s.invoiceId);
        live.delete(item.stepId);
        lastExclusion.delete(item.stepId);
      }
      nextNoticeAt.set(noticeGroup(lead.customerId, c.currency), nextNoticeDay(t, clockOf(lead.invoiceId)));
    }
    // As spaceAfterNotices: the later steps of each case that got a notice, in ladder order.
    const moved = new Set<string>();
    for (const invoiceId of noticed) {
      const c = cases.get(invoiceId)!;
      const ladder = [...live.values()]
        .filter((s) => s.invoiceId === invoiceId)
        .sort((a, b) => a.level - b.level || a.dueAtMs - b.dueAtMs);
      const spaced = spaceSteps(ladder, clockOf(invoiceId), c.intervalMs, t, t + c.intervalMs);
      spaced.forEach((p, i) => {
        if (p.dueAtMs === ladder[i]!.dueAtMs) return;
        live.set(p.stepId, { ...ladder[i]!, dueAtMs: p.dueAtMs, runAtMs: p.runAtMs });
        moved.add(p.stepId);
      });
    }
    for (const d of plan.deferred) {
      const s = live.get(d.stepId);
      if (!s || moved.has(d.stepId)) continue;
      live.set(d.stepId, {
        ...s,
        dueAtMs: d.notBeforeMs,
        runAtMs: runAtFor(d.notBeforeMs, clockOf(s.invoiceId)),
      });
    }
    let next = Number.POSITIVE_INFINITY;
    for (const s of live.values()) if (s.runAtMs > t && s.runAtMs < next) next = s.runAtMs;
    for (const b of blockEnds) if (b.atMs > t && b.atMs < next) next = b.atMs;
    if (next > untilMs) break;
    t = next;
  }
  const held = [...live.values()].flatMap((s) => {
    const last = lastExclusion.get(s.stepId);
    const quiet = s.dueAtMs <= untilMs && s.runAtMs > untilMs;
    if (quiet && (!last || last.reason === 'min-interval'))
      return [
        {
          s,
          x: {
            reason: 'quiet-hours' as const,
            detail: `send window opens ${new Date(s.runAtMs).toISOString()}`,
          },
        },
      ];
    return last ? [{ s, x: last }] : [];
  });
  for (const id of skipped) held.push({ s: original.get(id)!, x: lastExclusion.get(id)! });
  const groups = Map.groupBy(held, ({ s, x }) => {
    const c = cases.get(s.invoiceId)!;
    return `${s.customerId}|${c.currency}|${s.name}|${x.reason}|${x.detail}`;
  });
  for (const group of groups.values()) {
    const { s, x } = group[0]!;
    const c = cases.get(s.invoiceId)!;
    items.push({
      customerId: s.customerId,
      currency: c.currency,
      level: Math.max(
        ...group.map(({ s: g }) =>
          g.itemLevel === null ? g.level : cappedLevel(g.itemLevel, cases.get(g.invoiceId)!.reachedLevel),
        ),
      ),
      step: s.name,
      invoiceIds: [...new Set(group.map(({ s: g }) => g.invoiceId))].sort(),
      amountMinor: [...new Set(group.map(({ s: g }) => g.invoiceId))].reduce(
        (sum, id) => sum + cases.get(id)!.balanceMinor,
        0n,
      ),
      atMs: Math.min(...group.map(({ s: g }) => original.get(g.stepId)!.runAtMs)),
      channels: [...s.channels],
      excluded: x,
    });
  }
  return items;
}
