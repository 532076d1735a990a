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
  /** The step's place in the policy's ladder. */
  index: number;
  /** Its dunning level (0 courtesy … 4 legal letter). */
  level: number;
  name: string;
  offsetDays: number;
  /** Where the time rule puts it, then no sooner than the minimum interval after the step before. */
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

/**
 * Spaces steps (in ladder order) so each falls due no sooner than `intervalMs` after the one before
 * and after `notBeforeMs`; a step already past counts from `nowMs`, when it will run at the earliest.
 * One level at a time: an invoice found 100 days overdue gets its reminder now, the next notice an
 * interval later, and so on, not the whole ladder at once.
 */
export function spaceSteps<T extends { dueAtMs: number; runAtMs: number }>(
  steps: readonly T[],
  clock: PlanningClock,
  intervalMs: number,
  nowMs: number,
  notBeforeMs = Number.NEGATIVE_INFINITY,
): T[] {
  let earliest = notBeforeMs;
  return steps.map((step) => {
    const dueAtMs = Math.max(step.dueAtMs, earliest);
    earliest = Math.max(dueAtMs, nowMs) + intervalMs;
    // A step already past runs at the earliest now: inside the customer's send window from now on,
    // not at a past instant that was once in it (a catch-up notice at night or on a Sunday).
    const runAtMs =
      dueAtMs < nowMs && clock.sendWindow
        ? runAtFor(nowMs, clock)
        : dueAtMs === step.dueAtMs
          ? step.runAtMs
          : runAtFor(dueAtMs, clock);
    return dueAtMs === step.dueAtMs && runAtMs === step.runAtMs ? step : { ...step, dueAtMs, runAtMs };
  });
}

/**
 * Every step of `policy` for an invoice past due at `overdueAtMs`, by the time rule alone. Steps of
 * level 1 or more count from the due date plus the policy's grace days.
 */
export function planSteps(
  policy: Policy,
  overdueAtMs: number,
  clock: PlanningClock,
  shiftMs = 0,
): PlannedStep[] {
  return policy.steps.map((step, index) => {
    const graceMs = step.level >= 1 ? policy.graceDays * clock.dayMs : 0;
    const dueAtMs = stepDueAt(overdueAtMs + graceMs, step.offsetDays, clock.dayMs, shiftMs);
    return {
      index,
      level: step.level,
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
 * courtesy reminder for an invoice entered late) is not planned; overdue steps are, spaced from now
 * by the policy's minimum interval.
 */
export function planNewCase(
  policy: Policy,
  overdueAtMs: number,
  clock: PlanningClock,
  nowMs: number,
): PlannedStep[] {
  const steps = planSteps(policy, overdueAtMs, clock).filter(
    (step) => step.level >= 1 || step.dueAtMs >= nowMs,
  );
  return spaceSteps(steps, clock, policy.minimumIntervalDays * clock.dayMs, nowMs);
}

/**
 * Re-planning after a policy change: levels are one scale, so the case continues from the level it
 * reached (-1: no notice yet) with the new policy's steps above it, the first no sooner than the
 * minimum interval after its last notice; steps already due run one at a time. No notice is repeated,
 * none steps back down the ladder, none jumps a level. A courtesy step already past is not planned.
 */
export function planFutureSteps(
  policy: Policy,
  overdueAtMs: number,
  clock: PlanningClock,
  shiftMs: number,
  nowMs: number,
  reachedLevel: number,
  lastNoticeAtMs: number | null,
): PlannedStep[] {
  const ahead = planSteps(policy, overdueAtMs, clock, shiftMs).filter(
    (step) => step.level > reachedLevel && (step.level >= 1 || step.dueAtMs >= nowMs),
  );
  const intervalMs = policy.minimumIntervalDays * clock.dayMs;
  return spaceSteps(
    ahead,
    clock,
    intervalMs,
    nowMs,
    lastNoticeAtMs === null ? undefined : lastNoticeAtMs + intervalMs,
  );
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
