import type { RiskClassLetter } from './policy.ts';

const RISK_WEIGHT: Record<RiskClassLetter, number> = { A: 1, B: 2, C: 4 };

/**
 * Priority of a collector task: amount × risk × days overdue (higher is more urgent). The amount is in
 * major units as a number: a ranking, never money arithmetic.
 */
export function taskPriority(
  balanceMinor: bigint,
  exponent: number,
  riskClass: RiskClassLetter,
  daysOverdue: number,
): number {
  const major = Number(balanceMinor) / 10 ** exponent;
  return finite(Math.round(major * RISK_WEIGHT[riskClass] * Math.max(1, daysOverdue) * 100) / 100);
}

/**
 * Re-queues escalate a task, but only the first few count: the factor stops at 2^3 = 8, so a task
 * re-queued a thousand times ranks like one re-queued three times and its priority stays finite
 * (doubling on every re-queue reached Infinity after about a thousand, and the queue answered 500).
 */
export const MAX_ESCALATION_DOUBLINGS = 3;

export function escalatedPriority(basePriority: number, escalations: number): number {
  const doublings = Math.min(Math.max(0, Math.floor(escalations)), MAX_ESCALATION_DOUBLINGS);
  return finite(basePriority * 2 ** doublings);
}

/** A ranking must stay a finite number: JSON and the API schema have no Infinity or NaN. */
function finite(priority: number): number {
  if (Number.isNaN(priority)) return 0;
  return Math.min(Math.max(priority, -Number.MAX_VALUE), Number.MAX_VALUE);
}

export interface CollectorLoad {
  collectorId: string;
  capacity: number;
  openTasks: number;
  portfolio: readonly string[];
}

/**
 * Who gets a task: the collector holding the customer in their portfolio, if they have room; otherwise
 * the least loaded collector with room (ties by id); null when everyone is full.
 */
export function pickCollector(
  customerId: string,
  collectors: CollectorLoad[],
  exclude: readonly string[] = [],
): string | null {
  const withRoom = collectors.filter((c) => c.openTasks < c.capacity && !exclude.includes(c.collectorId));
  const owner = withRoom.find((c) => c.portfolio.includes(customerId));
  if (owner) return owner.collectorId;
  const sorted = [...withRoom].sort(
    (a, b) =>
      a.openTasks / a.capacity - b.openTasks / b.capacity || a.collectorId.localeCompare(b.collectorId),
  );
  return sorted[0]?.collectorId ?? null;
}
