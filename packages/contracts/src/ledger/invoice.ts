import { z } from 'zod';
import { cloudEventSchema } from '../envelope.ts';
import { EntityId } from '../ids.ts';
import { CurrencyCode, checkMoney, checkNotAbove, DecimalAmount } from '../money-schema.ts';
import { Reason, text } from '../text.ts';
import { DateOrInstant, Instant } from '../time.ts';

export const LEDGER_INVOICE_ISSUED = 'ledger.invoice.issued';
export const LEDGER_INVOICE_CANCELLED = 'ledger.invoice.cancelled';
export const LEDGER_INVOICE_WRITTEN_OFF = 'ledger.invoice.written-off';

/** An invoice entered the ledger, with its open balance at that moment. */
export const LedgerInvoiceIssuedData = z
  .strictObject({
    invoiceId: EntityId,
    customerId: EntityId,
    number: text(100),
    currency: CurrencyCode,
    amount: DecimalAmount,
    balance: DecimalAmount,
    issueDate: DateOrInstant,
    dueDate: DateOrInstant,
    /** When the invoice becomes past due (the end of its due day; compressed with DAY_MS). */
    overdueAt: Instant,
  })
  .superRefine(checkMoney('positive', ['amount']))
  .superRefine(checkMoney('non-negative', ['balance']))
  .superRefine(checkNotAbove('balance', 'amount'));
export type LedgerInvoiceIssuedData = z.infer<typeof LedgerInvoiceIssuedData>;

export const LedgerInvoiceIssuedEvent = cloudEventSchema(LEDGER_INVOICE_ISSUED, LedgerInvoiceIssuedData);
export type LedgerInvoiceIssuedEvent = z.infer<typeof LedgerInvoiceIssuedEvent>;

/** An invoice was cancelled: it is no longer owed and its dunning ends. */
export const LedgerInvoiceCancelledData = z.strictObject({
  invoiceId: EntityId,
  customerId: EntityId,
  reason: Reason.optional(),
  cancelledAt: Instant,
});
export type LedgerInvoiceCancelledData = z.infer<typeof LedgerInvoiceCancelledData>;

export const LedgerInvoiceCancelledEvent = cloudEventSchema(
  LEDGER_INVOICE_CANCELLED,
  LedgerInvoiceCancelledData,
);
export type LedgerInvoiceCancelledEvent = z.infer<typeof LedgerInvoiceCancelledEvent>;

/** The open balance of an invoice was written off as bad debt; `amount` is what was written off. */
export const LedgerInvoiceWrittenOffData = z
  .strictObject({
    invoiceId: EntityId,
    customerId: EntityId,
    currency: CurrencyCode,
    amount: DecimalAmount,
    writtenOffAt: Instant,
    reason: Reason.optional(),
  })
  .superRefine(checkMoney('positive', ['amount']));
export type LedgerInvoiceWrittenOffData = z.infer<typeof LedgerInvoiceWrittenOffData>;

export const LedgerInvoiceWrittenOffEvent = cloudEventSchema(
  LEDGER_INVOICE_WRITTEN_OFF,
  LedgerInvoiceWrittenOffData,
);
export type LedgerInvoiceWrittenOffEvent = z.infer<typeof LedgerInvoiceWrittenOffEvent>;
