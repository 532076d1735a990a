import type { Policy, PolicyStep } from './policy.ts';
import { nextSendInstant, type SendWindow } from './send-window.ts';

/** How one case's steps are placed on the time line. */
export interface PlanningClock {
  dayMs: number;
  /** Null when send windows are off (compressed days). */
  sendWindow: SendWindow | null;
  timeZone: string;
}

export interface PlannedStep {
  level: number;
  name: string;
  offsetDays: number;
  /** overdueAt + (offsetDays − 1) × DAY_MS + shift: the start of calendar day dueDate + offsetDays. */
  dueAtMs: number;
  /** dueAt moved into the customer's send window. */
  runAtMs: number;
  step: PolicyStep;
}

/** The time rule: a step with offset d falls due at overdueAt + (d − 1) × DAY_MS, plus pauses so far. */
export function stepDueAt(overdueAtMs: number, offsetDays: number, dayMs: number, shiftMs = 0): number {
  return overdueAtMs + (offsetDays - 1) * dayMs + shiftMs;
}

export function runAtFor(dueAtMs: number, clock: PlanningClock): number {
  return clock.sendWindow ? nextSendInstant(dueAtMs, clock.timeZone, clock.sendWindow) : dueAtMs;
}

/** Every step of `policy` for an invoice past due at `overdueAtMs`. */
export function planSteps(
  policy: Policy,
  overdueAtMs: number,
  clock: PlanningClock,
  shiftMs = 0,
): PlannedStep[] {
  return policy.steps.map((step, level) => {
    const dueAtMs = stepDueAt(overdueAtMs, step.offsetDays, clock.dayMs, shiftMs);
    return {
      level,
      name: step.name,
      offsetDays: step.offsetDays,
      dueAtMs,
      runAtMs: runAtFor(dueAtMs, clock),
      step,
    };
  });
}

/**
 * Steps of a newly opened case: a step that would fall due before the invoice was even known (a
 * courtesy reminder for an invoice entered late) is not planned; overdue steps are, and run late.
 */
export function planNewCase(
  policy: Policy,
  overdueAtMs: number,
  clock: PlanningClock,
  nowMs: number,
): PlannedStep[] {
  return planSteps(policy, overdueAtMs, clock).filter((step) => step.offsetDays > 0 || step.dueAtMs >= nowMs);
}

/**
 * Re-planning after a policy change: only the new policy's steps still in the future are planned, and
 * only those beyond the furthest of its steps the case has already been through (matched by name), so a
 * class change never sends a notice twice nor steps back down the ladder. What already ran stays.
 * When the case was owed a notice (an old step was due but had not run yet, e.g. behind a backlog),
 * the re-plan must not take it away: the furthest of the new policy's steps already due runs too.
 */
export function planFutureSteps(
  policy: Policy,
  overdueAtMs: number,
  clock: PlanningClock,
  shiftMs: number,
  nowMs: number,
  alreadyRun: ReadonlySet<string> = new Set(),
  owedNotice = false,
): PlannedStep[] {
  const reached = policy.steps.findLastIndex((step) => alreadyRun.has(step.name));
  const ahead = planSteps(policy, overdueAtMs, clock, shiftMs).filter((step) => step.level > reached);
  const future = ahead.filter((step) => step.dueAtMs > nowMs);
  const catchUp = owedNotice ? ahead.filter((step) => step.dueAtMs <= nowMs).at(-1) : undefined;
  return catchUp ? [catchUp, ...future] : future;
}

/** daysPastDue(t) of the time rule: day 1 is the first day after the due date; 0 before. */
export function daysPastDue(nowMs: number, overdueAtMs: number, dayMs: number): number {
  return nowMs < overdueAtMs ? 0 : Math.floor((nowMs - overdueAtMs) / dayMs) + 1;
}

/** Signed days overdue for notices: negative before the due date (a courtesy reminder). */
export function daysOverdue(nowMs: number, overdueAtMs: number, dayMs: number): number {
  // The due date itself is the day before overdueAt: day 0.
  if (nowMs < overdueAtMs) return 1 - Math.ceil((overdueAtMs - nowMs) / dayMs);
  return daysPastDue(nowMs, overdueAtMs, dayMs);
}
