import { z } from 'zod';
import { cloudEventSchema } from './envelope.ts';
import { CustomerUpsertedData } from './erp/customer.ts';
import { EntityId } from './ids.ts';
import { toMinorUnits } from './money.ts';
import { CurrencyCode, checkMoney, DecimalAmount, moneyProblem } from './money-schema.ts';
import { text } from './text.ts';
import { DateOrInstant } from './time.ts';

export const LEDGER_CUSTOMER_UPSERTED = 'ledger.customer.upserted';
export const LEDGER_INVOICE_ISSUED = 'ledger.invoice.issued';

/** The customer as the ledger now holds it. */
export const LedgerCustomerUpsertedData = CustomerUpsertedData;
export type LedgerCustomerUpsertedData = z.infer<typeof LedgerCustomerUpsertedData>;

export const LedgerCustomerUpsertedEvent = cloudEventSchema(
  LEDGER_CUSTOMER_UPSERTED,
  LedgerCustomerUpsertedData,
);
export type LedgerCustomerUpsertedEvent = z.infer<typeof LedgerCustomerUpsertedEvent>;

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
  })
  .superRefine(checkMoney('positive', ['amount']))
  .superRefine(checkMoney('non-negative', ['balance']))
  .superRefine((invoice, ctx) => {
    if (moneyProblem(invoice.amount, invoice.currency, 'any') !== undefined) return;
    if (moneyProblem(invoice.balance, invoice.currency, 'any') !== undefined) return;
    if (toMinorUnits(invoice.balance, invoice.currency) > toMinorUnits(invoice.amount, invoice.currency)) {
      ctx.addIssue({
        code: 'custom',
        path: ['balance'],
        message: 'must not exceed amount',
        input: invoice.balance,
      });
    }
  });
export type LedgerInvoiceIssuedData = z.infer<typeof LedgerInvoiceIssuedData>;

export const LedgerInvoiceIssuedEvent = cloudEventSchema(LEDGER_INVOICE_ISSUED, LedgerInvoiceIssuedData);
export type LedgerInvoiceIssuedEvent = z.infer<typeof LedgerInvoiceIssuedEvent>;

/** Every event type the invoices service publishes on ledger.events.v1. */
export const LedgerEventTypes = [LEDGER_CUSTOMER_UPSERTED, LEDGER_INVOICE_ISSUED] as const;
export type LedgerEventType = (typeof LedgerEventTypes)[number];

/** Any message of ledger.events.v1, told apart by its CloudEvents `type`. */
export const LedgerEvent = z.discriminatedUnion('type', [
  LedgerCustomerUpsertedEvent,
  LedgerInvoiceIssuedEvent,
]);
export type LedgerEvent = z.infer<typeof LedgerEvent>;
