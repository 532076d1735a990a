import { toMinorUnits } from '@dunning/contracts';
import type { StepCharges } from './policy.ts';

export interface ChargedInvoice {
  currency: string;
  balanceMinor: bigint;
  daysOverdue: number;
}

export interface Charge {
  kind: 'fee' | 'interest';
  currency: string;
  amountMinor: bigint;
  description: string;
  /** The yearly rate of an interest charge, so a notice can state it in the reader's language. */
  annualRate?: string;
}

/** "0.085" → 85/1000, so interest is computed on integers. */
function rateAsFraction(rate: string): { numerator: bigint; denominator: bigint } {
  const [whole = '0', fraction = ''] = rate.split('.');
  return { numerator: BigInt(whole + fraction), denominator: 10n ** BigInt(fraction.length) };
}

/**
 * Charges of one notice: the fixed fee once per notice (in its currency, if the notice has invoices in
 * it) and simple annual interest per currency on each balance for its days overdue, rounded down.
 */
export function computeCharges(charges: StepCharges | undefined, invoices: ChargedInvoice[]): Charge[] {
  if (!charges) return [];
  const result: Charge[] = [];
  const { fee, annualInterestRate } = charges;
  if (fee && invoices.some((invoice) => invoice.currency === fee.currency)) {
    result.push({
      kind: 'fee',
      currency: fee.currency,
      amountMinor: toMinorUnits(fee.amount, fee.currency),
      description: 'Dunning fee',
    });
  }
  if (annualInterestRate) {
    const { numerator, denominator } = rateAsFraction(annualInterestRate);
    const byCurrency = new Map<string, bigint>();
    for (const invoice of invoices) {
      if (invoice.daysOverdue <= 0 || invoice.balanceMinor <= 0n) continue;
      const interest =
        (invoice.balanceMinor * numerator * BigInt(invoice.daysOverdue)) / (denominator * 365n);
      byCurrency.set(invoice.currency, (byCurrency.get(invoice.currency) ?? 0n) + interest);
    }
    for (const [currency, amountMinor] of byCurrency) {
      if (amountMinor > 0n) {
        result.push({
          kind: 'interest',
          currency,
          amountMinor,
          description: `Late-payment interest at ${annualInterestRate} a year`,
          annualRate: annualInterestRate,
        });
      }
    }
  }
  return result;
}
