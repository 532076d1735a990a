import { daysPastDue, undisputedDaysPastDue } from './days-past-due.ts';
import { undisputedMinor } from './disputes.ts';
import type { RiskModel } from './risk-model.ts';
import type { CustomerRiskSnapshot, TimedDaysLate } from './risk-snapshot.ts';

/** The factor values a score is computed from; each is shown to collectors beside its contribution. */
export interface RiskInputs {
  avgDaysLate: number | null;
  recentDaysLate: number | null;
  lateShare: number | null;
  brokenPromises: number;
  recentLateShare: number | null;
  partPaymentShrink: number;
  maxDaysPastDue: number;
  overdueShare: number;
  limitUtilisation: number | null;
  currentRatio: number | null;
  quickRatio: number | null;
  debtRatio: number | null;
  industry: string | null;
  relationshipDays: number;
  settledInvoices: number;
}

/** Money facts of the customer in its main currency (the one it is invoiced in most). */
export interface Exposure {
  currency: string;
  openMinor: bigint;
  /** The overdue part of the open balance, disputed amounts left out while their dispute is open. */
  overdueMinor: bigint;
  /** The part of the open balance under an open dispute. */
  disputedMinor: bigint;
  /** Average monthly invoiced amount over the history window (or the relationship, if shorter). */
  monthlyVolumeMinor: bigint;
}

// A single extreme payment should not dominate a mean.
const MIN_DAYS_LATE = -30;
const MAX_DAYS_LATE = 180;

function mean(values: number[]): number | null {
  if (values.length === 0) return null;
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

function clampedDaysLate(items: TimedDaysLate[]): number[] {
  return items.map((item) => Math.min(MAX_DAYS_LATE, Math.max(MIN_DAYS_LATE, item.daysLate)));
}

function within<T extends { at: Date }>(items: T[], from: number, to: number): T[] {
  return items.filter((item) => item.at.getTime() > from && item.at.getTime() <= to);
}

function lateShareOf(items: TimedDaysLate[]): number | null {
  if (items.length === 0) return null;
  return items.filter((item) => item.daysLate > 0).length / items.length;
}

export function mainCurrency(snapshot: CustomerRiskSnapshot, fallback: string): string {
  const totals = new Map<string, bigint>();
  for (const invoice of snapshot.issued) {
    totals.set(invoice.currency, (totals.get(invoice.currency) ?? 0n) + invoice.amountMinor);
  }
  for (const invoice of snapshot.openInvoices) {
    totals.set(invoice.currency, (totals.get(invoice.currency) ?? 0n) + invoice.balanceMinor);
  }
  let best = fallback;
  let bestTotal = -1n;
  for (const [currency, total] of [...totals].sort(([a], [b]) => a.localeCompare(b))) {
    if (total > bestTotal) [best, bestTotal] = [currency, total];
  }
  return best;
}

export function exposureOf(
  snapshot: CustomerRiskSnapshot,
  options: { now: Date; dayMs: number; model: RiskModel; fallbackCurrency: string },
): Exposure {
  const { now, dayMs, model } = options;
  const currency = mainCurrency(snapshot, options.fallbackCurrency);
  let openMinor = 0n;
  let overdueMinor = 0n;
  let disputedMinor = 0n;
  for (const invoice of snapshot.openInvoices) {
    if (invoice.currency !== currency) continue;
    const undisputed = undisputedMinor(invoice, snapshot.openDisputes);
    openMinor += invoice.balanceMinor;
    disputedMinor += invoice.balanceMinor - undisputed;
    if (daysPastDue(now, invoice.overdueAt, dayMs) > 0) overdueMinor += undisputed;
  }
  const historyStart = now.getTime() - model.windows.historyDays * dayMs;
  const volume = snapshot.issued
    .filter((invoice) => invoice.currency === currency && invoice.at.getTime() > historyStart)
    .reduce((sum, invoice) => sum + invoice.amountMinor, 0n);
  const relationshipDays = Math.max(0, (now.getTime() - snapshot.firstSeenAt.getTime()) / dayMs);
  const months = Math.max(1, Math.min(model.windows.historyDays, relationshipDays) / 30);
  return {
    currency,
    openMinor,
    overdueMinor,
    disputedMinor,
    monthlyVolumeMinor: volume / BigInt(Math.ceil(months)),
  };
}

/**
 * Turns a snapshot into factor values at `now`. Everything time-based is measured in DAY_MS days, so
 * lateness leaves the recent window after `recentDays` and the history window after `historyDays`.
 * Amounts under an open dispute are not overdue: they neither age the customer (days past due) nor
 * count in the overdue share, until the dispute is resolved.
 */
export function deriveRiskInputs(
  snapshot: CustomerRiskSnapshot,
  options: {
    now: Date;
    dayMs: number;
    model: RiskModel;
    /** The credit limit in force before this assessment, in the exposure's currency; null if none. */
    limitMinor: bigint | null;
    exposure: Exposure;
  },
): RiskInputs {
  const { now, dayMs, model, exposure } = options;
  const t = now.getTime();
  const recentStart = t - model.windows.recentDays * dayMs;
  const historyStart = t - model.windows.historyDays * dayMs;

  const history = within(snapshot.payments, historyStart, t);
  const recent = within(snapshot.payments, recentStart, t);
  const settled = within(snapshot.settlements, historyStart, t);
  const recentSettled = within(settled, recentStart, t);

  const recentParts = mean(within(snapshot.partPayments, recentStart, t).map((p) => p.share));
  const olderParts = mean(within(snapshot.partPayments, historyStart, recentStart).map((p) => p.share));
  const partPaymentShrink =
    recentParts !== null && olderParts !== null && olderParts > 0
      ? Math.min(1, Math.max(0, 1 - recentParts / olderParts))
      : 0;

  let maxDaysPastDue = 0;
  for (const invoice of snapshot.openInvoices) {
    if (invoice.balanceMinor <= 0n) continue;
    const undisputed = undisputedMinor(invoice, snapshot.openDisputes);
    maxDaysPastDue = Math.max(
      maxDaysPastDue,
      undisputedDaysPastDue(now, { overdueAt: invoice.overdueAt, undisputedMinor: undisputed }, dayMs),
    );
  }

  const overdueShare =
    exposure.openMinor > 0n ? Number((exposure.overdueMinor * 10_000n) / exposure.openMinor) / 10_000 : 0;
  const limitUtilisation =
    options.limitMinor === null
      ? null
      : options.limitMinor === 0n
        ? exposure.openMinor > 0n
          ? Number.POSITIVE_INFINITY
          : 0
        : Number((exposure.openMinor * 10_000n) / options.limitMinor) / 10_000;

  return {
    avgDaysLate: mean(clampedDaysLate(history)),
    recentDaysLate: mean(clampedDaysLate(recent)),
    lateShare: lateShareOf(settled),
    brokenPromises: within(snapshot.promises, historyStart, t).filter((p) => !p.kept).length,
    recentLateShare: lateShareOf(recentSettled),
    partPaymentShrink,
    maxDaysPastDue,
    overdueShare,
    limitUtilisation,
    currentRatio: snapshot.financials?.currentRatio ?? null,
    quickRatio: snapshot.financials?.quickRatio ?? null,
    debtRatio: snapshot.financials?.debtRatio ?? null,
    industry: snapshot.industry,
    relationshipDays: Math.max(0, Math.floor((t - snapshot.firstSeenAt.getTime()) / dayMs)),
    settledInvoices: settled.length,
  };
}
