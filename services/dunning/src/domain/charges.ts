import { type ChargeKind, chargeIdOf, MAX_MINOR_UNITS, toMinorUnits } from '@dunning/contracts';
import { type StepCharges, stepFees } from './policy.ts';

export interface ChargedInvoice {
  invoiceId: string;
  currency: string;
  balanceMinor: bigint;
  daysOverdue: number;
  /** Days overdue up to which an earlier notice already levied interest on it (0: none yet). */
  interestThroughDay?: number;
}

export interface Charge {
  /** Derived from the notice: the same notice always names the same charges. */
  chargeId: string;
  kind: ChargeKind;
  currency: string;
  amountMinor: bigint;
  description: string;
  /** The invoices the charge is about: those of the notice in its currency (a fee), or one (interest). */
  invoiceIds: string[];
  /** Interest only: the invoice, its principal and the days overdue covered, after fromDay up to toDay. */
  invoiceId?: string;
  principalMinor?: bigint;
  period?: { fromDay: number; toDay: number };
  /** The yearly rate of an interest charge, so a notice can state it in the reader's language. */
  annualRate?: string;
}

/** "0.085" → 85/1000, so interest is computed on integers. */
function rateAsFraction(rate: string): { numerator: bigint; denominator: bigint } {
  const [whole = '0', fraction = ''] = rate.split('.');
  return { numerator: BigInt(whole + fraction), denominator: 10n ** BigInt(fraction.length) };
}

/**
 * Simple interest on `principalMinor` for `days` days at `annualRate` on an actual/365 basis, in minor
 * units of the principal's currency, rounded down (towards the debtor): a charge never exceeds what
 * the rate gives, and the fraction of a minor unit dropped is at most one unit per charge. Capped at
 * what the ledger's bigint column holds, so an absurd balance cannot make a notice unpublishable.
 */
export function accruedInterest(principalMinor: bigint, annualRate: string, days: number): bigint {
  if (days <= 0 || principalMinor <= 0n) return 0n;
  const { numerator, denominator } = rateAsFraction(annualRate);
  const interest = (principalMinor * numerator * BigInt(days)) / (denominator * 365n);
  return interest > MAX_MINOR_UNITS ? MAX_MINOR_UNITS : interest;
}

/**
 * Charges one notice levies: each fee of the step once, in its currency, when the notice has invoices
 * in it; and interest per invoice on its open balance for the days overdue since an earlier notice
 * last levied interest on it (`interestThroughDay`), so days are never charged twice. An invoice not
 * yet overdue, or whose days are all charged already, or whose interest rounds to 0, gets none.
 */
export function computeCharges(
  noticeId: string,
  charges: StepCharges | undefined,
  invoices: ChargedInvoice[],
): Charge[] {
  if (!charges) return [];
  const result: Charge[] = [];
  for (const fee of stepFees(charges)) {
    const covered = invoices.filter((invoice) => invoice.currency === fee.currency);
    if (covered.length === 0) continue;
    result.push({
      chargeId: chargeIdOf(noticeId, 'fee', fee.currency),
      kind: 'fee',
      currency: fee.currency,
      amountMinor: toMinorUnits(fee.amount, fee.currency),
      description: 'Dunning fee',
      invoiceIds: covered.map((invoice) => invoice.invoiceId),
    });
  }
  const rate = charges.annualInterestRate;
  if (rate === undefined) return result;
  for (const invoice of invoices) {
    const fromDay = Math.max(0, invoice.interestThroughDay ?? 0);
    const toDay = invoice.daysOverdue;
    const amountMinor = accruedInterest(invoice.balanceMinor, rate, toDay - fromDay);
    if (amountMinor <= 0n) continue;
    result.push({
      chargeId: chargeIdOf(noticeId, 'interest', invoice.invoiceId),
      kind: 'interest',
      currency: invoice.currency,
      amountMinor,
      description: `Late-payment interest at ${rate} a year`,
      invoiceIds: [invoice.invoiceId],
      invoiceId: invoice.invoiceId,
      principalMinor: invoice.balanceMinor,
      period: { fromDay, toDay },
      annualRate: rate,
    });
  }
  return result;
}
