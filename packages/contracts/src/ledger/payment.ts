import { z } from 'zod';
import { cloudEventSchema } from '../envelope.ts';
import { EntityId } from '../ids.ts';
import { DECIMAL_AMOUNT_PATTERN, isKnownCurrency, toMinorUnits } from '../money.ts';
import { CurrencyCode, checkMoney, DecimalAmount, moneyProblem } from '../money-schema.ts';
import { Instant } from '../time.ts';

export const LEDGER_PAYMENT_RECEIVED = 'ledger.payment.received';

/** The part of a payment applied to one invoice, in the payment's currency. */
export const PaymentApplication = z.strictObject({
  invoiceId: EntityId,
  amount: DecimalAmount,
  daysLate: z.int().meta({ description: 'Days after the due date; negative when early' }),
  discount: DecimalAmount.optional().meta({
    description: 'Early-payment discount this payment earned on the invoice (booked off, settling it)',
  }),
});
export type PaymentApplication = z.infer<typeof PaymentApplication>;

interface PaymentTotals {
  currency: string;
  amount: string;
  unapplied: string;
  applications: readonly PaymentApplication[];
}

/** Checks each application's amount and invoice, then that applications plus unapplied make the amount. */
function checkApplications(payment: PaymentTotals, ctx: z.RefinementCtx): void {
  const { currency, applications } = payment;
  // Refinements may run on values whose fields already failed their own schemas.
  if (!isKnownCurrency(currency) || !Array.isArray(applications)) return;
  let total = 0n;
  let complete = true;
  const invoices = new Set<string>();
  for (const [index, application] of applications.entries()) {
    const { invoiceId, amount } = (application ?? {}) as Partial<PaymentApplication>;
    if (typeof invoiceId === 'string' && invoices.has(invoiceId)) {
      ctx.addIssue({ code: 'custom', path: ['applications', index, 'invoiceId'], message: 'is repeated' });
    }
    if (typeof invoiceId === 'string') invoices.add(invoiceId);
    // A malformed amount is reported by its own schema.
    if (typeof amount !== 'string' || !DECIMAL_AMOUNT_PATTERN.test(amount)) {
      complete = false;
      continue;
    }
    const problem = moneyProblem(amount, currency, 'positive');
    if (problem === undefined) {
      total += toMinorUnits(amount, currency);
    } else {
      complete = false;
      ctx.addIssue({ code: 'custom', path: ['applications', index, 'amount'], message: problem });
    }
  }
  if (!complete || moneyProblem(payment.amount, currency, 'positive') !== undefined) return;
  if (moneyProblem(payment.unapplied, currency, 'non-negative') !== undefined) return;
  if (total + toMinorUnits(payment.unapplied, currency) !== toMinorUnits(payment.amount, currency)) {
    ctx.addIssue({ code: 'custom', path: ['amount'], message: 'must equal applications plus unapplied' });
  }
}

/**
 * A payment was booked: `applications` say which invoices it reduced, `unapplied` what became customer
 * credit; together they add up to `amount`.
 */
export const LedgerPaymentReceivedData = z
  .strictObject({
    paymentId: EntityId,
    customerId: EntityId,
    currency: CurrencyCode,
    amount: DecimalAmount,
    receivedAt: Instant,
    applications: z.array(PaymentApplication),
    unapplied: DecimalAmount.meta({ description: 'What became customer credit' }),
  })
  .superRefine(checkMoney('positive', ['amount']))
  .superRefine(checkMoney('non-negative', ['unapplied']))
  .superRefine(checkApplications);
export type LedgerPaymentReceivedData = z.infer<typeof LedgerPaymentReceivedData>;

export const LedgerPaymentReceivedEvent = cloudEventSchema(
  LEDGER_PAYMENT_RECEIVED,
  LedgerPaymentReceivedData,
);
export type LedgerPaymentReceivedEvent = z.infer<typeof LedgerPaymentReceivedEvent>;
