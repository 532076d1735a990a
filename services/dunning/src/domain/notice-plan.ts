import { BELOW_MINIMUM } from './minimum-amount.ts';

/** A scheduled step as the runner sees it. */
export interface PlannableStep {
  stepId: string;
  invoiceId: string;
  customerId: string;
  name: string;
  /** The step's level in its policy. */
  level: number;
  /** The level the invoice is dunned at by this step after the minimum-amount rule; null: below it. */
  itemLevel: number | null;
  runAtMs: number;
}

/** What the runner needs to know of a step's case. */
export interface PlannableCase {
  status: 'active' | 'paused' | 'closed';
  closeReason: string | null;
  balanceMinor: bigint;
  openDisputes: number;
  promisePending: boolean;
  currency: string;
  /** Highest level of a notice the invoice got (null: none yet) and when it got its last one. */
  reachedLevel: number | null;
  lastNoticeAtMs: number | null;
  /** The policy's minimum interval between two notices of one invoice. */
  intervalMs: number;
  /** Handed to legal: its due steps are held (they wait, neither run nor skipped) until taken back. */
  legal?: boolean;
}

/** One invoice in a notice, at its own level. */
export interface NoticeItem {
  stepId: string;
  level: number;
}

/** One notice: the leading step (highest level) first, then the same customer's steps it consolidates. */
export interface PlannedNotice {
  leadStepId: string;
  stepIds: string[];
  /** The notice's level: the highest of its items'. */
  level: number;
  items: NoticeItem[];
}

export interface NoticePlan {
  notices: PlannedNotice[];
  skipped: { stepId: string; reason: string }[];
  /** Due steps that may not run yet: moved to `notBeforeMs`. */
  deferred: { stepId: string; notBeforeMs: number; reason: string }[];
}

/** Whether a case's due steps run, wait (paused: they run after the pause, shifted) or are skipped. */
export function caseVerdict(c: PlannableCase): { run: true } | { wait: true } | { skip: string } {
  if (c.status === 'closed') return { skip: `case closed (${c.closeReason ?? 'unknown'})` };
  if (c.balanceMinor <= 0n) return { skip: 'nothing left to pay' };
  if (c.legal || c.status === 'paused' || c.openDisputes > 0 || c.promisePending) return { wait: true };
  return { run: true };
}

/** One level at a time: a notice is at most one level above the highest the invoice got (none: 0). */
export function cappedLevel(itemLevel: number, reachedLevel: number | null): number {
  return Math.min(itemLevel, (reachedLevel ?? 0) + 1);
}

const byLadder = (a: PlannableStep, b: PlannableStep) =>
  a.level - b.level || a.runAtMs - b.runAtMs || a.stepId.localeCompare(b.stepId);

export const noticeGroup = (customerId: string, currency: string) => `${customerId}|${currency}`;

/**
 * Decides what runs now, for any number of customers at once. Per case only its lowest-level due step
 * runs (the others wait for the minimum interval, moved by the caller once the notice went out); a
 * step whose item is below its minimum amount is skipped. Per customer and currency one notice, at the
 * highest of its items' levels, each capped one level above what its invoice reached; it takes in the
 * customer's other cases in that currency with a step falling due within `windowMs` (pulled forward).
 * A case still within its minimum interval, or a customer and currency that already had a notice that
 * day (`nextNoticeAt`: when the next may go), waits: its due steps are deferred. Due steps of closed or
 * settled cases are skipped; those of paused cases wait. `steps` must hold every scheduled step due by
 * now + windowMs of these customers.
 */
export function planNotices(
  steps: readonly PlannableStep[],
  cases: ReadonlyMap<string, PlannableCase>,
  nowMs: number,
  windowMs: number,
  nextNoticeAt: ReadonlyMap<string, number> = new Map(),
): NoticePlan {
  const plan: NoticePlan = { notices: [], skipped: [], deferred: [] };
  const ofCase = Map.groupBy([...steps].sort(byLadder), (s) => s.invoiceId);
  const leads = new Map<string, PlannableStep[]>();
  const joinable = new Map<string, PlannableStep[]>();
  const dueOf = new Map<string, PlannableStep[]>();
  const defer = (due: PlannableStep[], notBeforeMs: number, reason: string) => {
    for (const s of due) plan.deferred.push({ stepId: s.stepId, notBeforeMs, reason });
  };
  for (const [invoiceId, ladder] of [...ofCase].sort(([a], [b]) => a.localeCompare(b))) {
    const c = cases.get(invoiceId);
    if (!c) continue;
    const verdict = caseVerdict(c);
    const due = ladder.filter((s) => s.runAtMs <= nowMs);
    if ('wait' in verdict) continue;
    if ('skip' in verdict) {
      for (const s of due) plan.skipped.push({ stepId: s.stepId, reason: verdict.skip });
      continue;
    }
    const group = noticeGroup(ladder[0]!.customerId, c.currency);
    const intervalEnd =
      c.lastNoticeAtMs === null ? Number.NEGATIVE_INFINITY : c.lastNoticeAtMs + c.intervalMs;
    const eligible: PlannableStep[] = [];
    for (const s of ladder) {
      if (s.itemLevel !== null) eligible.push(s);
      else if (s.runAtMs <= nowMs) plan.skipped.push({ stepId: s.stepId, reason: BELOW_MINIMUM });
    }
    const rest = eligible.filter((s) => s.runAtMs <= nowMs);
    const first = rest[0];
    if (first && intervalEnd > nowMs) defer(rest, intervalEnd, 'minimum interval since the last notice');
    else if (first) {
      leads.set(group, [...(leads.get(group) ?? []), first]);
      dueOf.set(first.stepId, rest);
    } else if (eligible[0] && eligible[0].runAtMs <= nowMs + windowMs && intervalEnd <= nowMs) {
      joinable.set(group, [...(joinable.get(group) ?? []), eligible[0]]);
    }
  }
  for (const [group, due] of [...leads].sort(([a], [b]) => a.localeCompare(b))) {
    const nextAt = nextNoticeAt.get(group);
    if (nextAt !== undefined && nextAt > nowMs) {
      for (const s of due)
        defer(dueOf.get(s.stepId) ?? [s], nextAt, 'one notice a day per customer and currency');
      continue;
    }
    const members = [...due, ...(joinable.get(group) ?? [])];
    const items = members.map((s) => ({
      step: s,
      level: cappedLevel(s.itemLevel!, cases.get(s.invoiceId)!.reachedLevel),
    }));
    const level = Math.max(...items.map((i) => i.level));
    const lead = items
      .filter((i) => i.level === level)
      .sort((a, b) => a.step.runAtMs - b.step.runAtMs || a.step.stepId.localeCompare(b.step.stepId))[0]!;
    const others = items
      .filter((i) => i !== lead)
      .sort((a, b) => a.step.invoiceId.localeCompare(b.step.invoiceId));
    plan.notices.push({
      leadStepId: lead.step.stepId,
      stepIds: [lead, ...others].map((i) => i.step.stepId),
      level,
      items: [lead, ...others].map((i) => ({ stepId: i.step.stepId, level: i.level })),
    });
  }
  return plan;
}
