import type { AlertKind } from '@dunning/contracts';
import type { RiskInputs } from './risk-inputs.ts';
import type { RiskModel } from './risk-model.ts';

/** One line of the explanation: the factor, its value, and the points it added (+) or cost (-). */
export interface FactorContribution {
  /** A model factor, or `alert` for an open business alert (domain/alerts.ts). */
  name: keyof RiskInputs | 'alert';
  value: number | string | null;
  contribution: number;
  /** For an alert: which, what and since when. */
  alert?: { alertId: string; kind: AlertKind; note: string | null; since: string };
}

type Weights = RiskModel['weights'];

/** 0 at or below 0, 1 at or above cap, linear between. */
function ramp(value: number, cap: number): number {
  if (!(value > 0)) return 0;
  return Math.min(1, value / cap);
}

/**
 * Each factor is a monotone function of its value: more lateness, debt or overdue never adds points,
 * a better ratio never removes any. Unknown values (null) are neutral.
 */
export const factorPoints: { [K in keyof RiskInputs]: (value: RiskInputs[K], w: Weights) => number } = {
  avgDaysLate: (days, w) => {
    if (days === null) return 0;
    if (days <= 0) return w.avgDaysLate.earlyBonus;
    return -w.avgDaysLate.max * ramp(days, w.avgDaysLate.capDays);
  },
  recentDaysLate: (days, w) =>
    days === null ? 0 : -w.recentDaysLate.max * ramp(days, w.recentDaysLate.capDays),
  lateShare: (share, w) => (share === null ? 0 : -w.lateShare.max * ramp(share, 1)),
  brokenPromises: (count, w) => -Math.min(w.brokenPromises.max, count * w.brokenPromises.perPromise),
  recentLateShare: (share, w) => (share === null ? 0 : -w.recentLateShare.max * ramp(share, 1)),
  partPaymentShrink: (shrink, w) => -w.partPaymentShrink.max * ramp(shrink, 1),
  maxDaysPastDue: (days, w) => -w.maxDaysPastDue.max * ramp(days, w.maxDaysPastDue.capDays),
  overdueShare: (share, w) => -w.overdueShare.max * ramp(share, 1),
  limitUtilisation: (used, w) => {
    if (used === null) return 0;
    const { max, from, to } = w.limitUtilisation;
    return -max * ramp(used - from, to - from);
  },
  currentRatio: (ratio, w) => {
    if (ratio === null) return 0;
    const { belowOne, slope, goodBonus } = w.currentRatio;
    // Below 1 the customer cannot cover short-term debts from short-term assets: the strongest signal.
    if (ratio < 1) return -belowOne - slope * (1 - Math.max(0, ratio));
    return goodBonus * ramp(ratio - 1, 1);
  },
  quickRatio: (ratio, w) => {
    if (ratio === null) return 0;
    if (ratio >= 1) return w.quickRatio.bonus;
    return -w.quickRatio.max * (1 - Math.max(0, ratio));
  },
  debtRatio: (ratio, w) => {
    if (ratio === null) return 0;
    const { from, max, lowBelow, bonus } = w.debtRatio;
    if (ratio < lowBelow) return bonus;
    return -max * ramp(ratio - from, 1 - from);
  },
  industry: (industry, w) => {
    if (industry === null) return w.industry.unknown;
    // Own keys only: "constructor" or "__proto__" would otherwise find Object's members, not a weight.
    const key = industry.trim().toLowerCase();
    return Object.hasOwn(w.industry.table, key) ? w.industry.table[key]! : w.industry.unknown;
  },
  relationshipDays: (days, w) => {
    const { newBelowDays, newPenalty, establishedFromDays, bonus } = w.relationship;
    if (days < newBelowDays) return -newPenalty;
    return days >= establishedFromDays ? bonus : 0;
  },
  settledInvoices: (count, w) => {
    const { thinBelow, thinPenalty, richFrom, bonus } = w.volume;
    if (count < thinBelow) return -thinPenalty;
    return count >= richFrom ? bonus : 0;
  },
};

const factorOrder = Object.keys(factorPoints) as (keyof RiskInputs)[];

function rounded(value: number, decimals: number): number {
  const scale = 10 ** decimals;
  return Math.round(value * scale) / scale;
}

export function factorContributions(inputs: RiskInputs, weights: Weights): FactorContribution[] {
  return factorOrder.map((name) => {
    const points = (factorPoints[name] as (value: unknown, w: Weights) => number)(inputs[name], weights);
    const value = inputs[name];
    const shown =
      typeof value === 'number' ? (Number.isFinite(value) ? rounded(value, 4) : 'unbounded') : value;
    return { name, value: shown, contribution: rounded(points, 2) + 0 };
  });
}
