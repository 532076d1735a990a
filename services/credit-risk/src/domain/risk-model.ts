import type { RiskClass } from '@dunning/contracts';

/**
 * A versioned scoring model: every number that shapes a score, class, warning or limit lives here,
 * so a change of weights is a new version and each assessment records which one produced it.
 * Points are added to `base`; a penalty is negative, a bonus positive; the sum is clamped to 0..100.
 */
export interface RiskModel {
  version: string;
  weights: {
    base: number;
    /** Mean days late of payments in the history window: up to -max at capDays; earlyBonus when <= 0. */
    avgDaysLate: { max: number; capDays: number; earlyBonus: number };
    /** Mean days late of payments in the recent window. */
    recentDaysLate: { max: number; capDays: number };
    /** Share of invoices settled after their due date (history window). */
    lateShare: { max: number };
    /** Promises to pay broken in the history window. */
    brokenPromises: { perPromise: number; max: number };
    /**
     * Share of invoices settled late in the recent window, on top of lateShare: delays getting more
     * frequent weigh twice. (A difference recent − older would reward a customer for being late earlier
     * too, so the trend is read from the recent window instead.)
     */
    recentLateShare: { max: number };
    /** How much part-payments shrank (0..1), recent against older, as a share of the invoice. */
    partPaymentShrink: { max: number };
    /** Days past due of the oldest open overdue invoice now. */
    maxDaysPastDue: { max: number; capDays: number };
    /** Overdue share of the open balance. */
    overdueShare: { max: number };
    /** Open balance against the credit limit in force: penalty grows from `from` to `to`. */
    limitUtilisation: { max: number; from: number; to: number };
    /** Current ratio: below 1 costs `belowOne` plus `slope` per unit under 1; up to goodBonus at 2. */
    currentRatio: { belowOne: number; slope: number; goodBonus: number };
    /** Quick ratio: below 1 costs up to max (at 0); 1 or more earns bonus. */
    quickRatio: { max: number; bonus: number };
    /** Debt-to-asset ratio: above `from` costs up to max (at 1); below lowBelow earns bonus. */
    debtRatio: { from: number; max: number; lowBelow: number; bonus: number };
    /** Points by industry (lower-case key); seasonal sectors pay late. */
    industry: { table: Readonly<Record<string, number>>; unknown: number };
    /** Relationship age in days. */
    relationship: { newBelowDays: number; newPenalty: number; establishedFromDays: number; bonus: number };
    /** Invoices settled in the history window (a thin file is uncertain). */
    volume: { thinBelow: number; thinPenalty: number; richFrom: number; bonus: number };
  };
  thresholds: {
    /** Lowest score of class A and of class B; below B is C. */
    classA: number;
    classB: number;
    /** Warning from the score (below these), from days past due (at or above these), from promises. */
    blueBelow: number;
    yellowBelow: number;
    redBelow: number;
    blueDaysPastDue: number;
    yellowDaysPastDue: number;
    redDaysPastDue: number;
    yellowBrokenPromises: number;
  };
  creditLimit: {
    /** The limit is this many months of average monthly invoiced volume... */
    monthsOfVolume: Readonly<Record<RiskClass, number>>;
    /** ...and at least this floor, in major units of the customer's currency. */
    floorMajor: Readonly<Record<RiskClass, number>>;
    /** Applied when the reported current ratio is below 1. */
    weakCurrentRatioFactor: number;
  };
  windows: { recentDays: number; historyDays: number };
}
