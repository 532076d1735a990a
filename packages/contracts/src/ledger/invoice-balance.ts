import { z } from 'zod';
import { cloudEventSchema } from '../envelope.ts';
import { EntityId } from '../ids.ts';
import { CurrencyCode, checkMoney, checkNotAbove, DecimalAmount } from '../money-schema.ts';
import { DateOrInstant, Instant } from '../time.ts';

export const LEDGER_INVOICE_OVERDUE = 'ledger.invoice.overdue';
export const LEDGER_INVOICE_BALANCE_CHANGED = 'ledger.invoice.balance-changed';
export const LEDGER_INVOICE_SETTLED = 'ledger.invoice.settled';

/** An invoice passed its due date with a balance still open. */
export const LedgerInvoiceOverdueData = z
  .strictObject({
    invoiceId: EntityId,
    customerId: EntityId,
    currency: CurrencyCode,
    balance: DecimalAmount,
    dueDate: DateOrInstant,
    overdueAt: Instant.meta({
      description:
        "End of the due day in the customer's time zone (with compressed days: recorded + terms × DAY_MS)",
    }),
  })
  // No ordering check between overdueAt and dueDate: with compressed days (DAY_MS) an invoice
  // falls due seconds after it was recorded, long before its calendar due date.
  .superRefine(checkMoney('positive', ['balance']));
export type LedgerInvoiceOverdueData = z.infer<typeof LedgerInvoiceOverdueData>;

export const LedgerInvoiceOverdueEvent = cloudEventSchema(LEDGER_INVOICE_OVERDUE, LedgerInvoiceOverdueData);
export type LedgerInvoiceOverdueEvent = z.infer<typeof LedgerInvoiceOverdueEvent>;

/** What changed an invoice's open balance. */
export const BalanceChangeCause = z.enum([
  'payment',
  'credit-note',
  'adjustment',
  'write-off',
  'dispute-adjustment',
  // The early-payment discount taken when payments inside its window covered the discounted amount.
  'discount',
]);
export type BalanceChangeCause = z.infer<typeof BalanceChangeCause>;

/** The open balance of an invoice changed; `sourceId` is the payment, credit note or dispute behind it. */
export const LedgerInvoiceBalanceChangedData = z
  .strictObject({
    invoiceId: EntityId,
    customerId: EntityId,
    currency: CurrencyCode,
    amount: DecimalAmount.meta({ description: 'The invoice amount' }),
    previousBalance: DecimalAmount,
    balance: DecimalAmount,
    cause: BalanceChangeCause,
    sourceId: EntityId,
    occurredAt: Instant,
  })
  .superRefine(checkMoney('positive', ['amount']))
  .superRefine(checkMoney('non-negative', ['previousBalance', 'balance']))
  .superRefine(checkNotAbove('balance', 'amount'));
export type LedgerInvoiceBalanceChangedData = z.infer<typeof LedgerInvoiceBalanceChangedData>;

export const LedgerInvoiceBalanceChangedEvent = cloudEventSchema(
  LEDGER_INVOICE_BALANCE_CHANGED,
  LedgerInvoiceBalanceChangedData,
);
export type LedgerInvoiceBalanceChangedEvent = z.infer<typeof LedgerInvoiceBalanceChangedEvent>;

/** How a settled invoice was settled: by payments, by credit notes, or by both. */
export const SettlementKind = z.enum(['paid', 'credited', 'mixed']);
export type SettlementKind = z.infer<typeof SettlementKind>;

/** The balance of an invoice reached zero. `daysLate` is negative when it was settled early. */
export const LedgerInvoiceSettledData = z
  .strictObject({
    invoiceId: EntityId,
    customerId: EntityId,
    currency: CurrencyCode,
    amount: DecimalAmount,
    settledAt: Instant,
    how: SettlementKind,
    daysLate: z.int().meta({ description: 'Days after the due date; negative when early' }),
  })
  .superRefine(checkMoney('positive', ['amount']));
export type LedgerInvoiceSettledData = z.infer<typeof LedgerInvoiceSettledData>;

export const LedgerInvoiceSettledEvent = cloudEventSchema(LEDGER_INVOICE_SETTLED, LedgerInvoiceSettledData);
export type LedgerInvoiceSettledEvent = z.infer<typeof LedgerInvoiceSettledEvent>;
