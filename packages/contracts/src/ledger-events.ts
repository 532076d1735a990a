import { z } from 'zod';
import { LEDGER_CUSTOMER_UPSERTED, LedgerCustomerUpsertedEvent } from './ledger/customer.ts';
import {
  LEDGER_DISPUTE_OPENED,
  LEDGER_DISPUTE_RESOLVED,
  LedgerDisputeOpenedEvent,
  LedgerDisputeResolvedEvent,
} from './ledger/dispute.ts';
import {
  LEDGER_INVOICE_CANCELLED,
  LEDGER_INVOICE_ISSUED,
  LEDGER_INVOICE_WRITTEN_OFF,
  LedgerInvoiceCancelledEvent,
  LedgerInvoiceIssuedEvent,
  LedgerInvoiceWrittenOffEvent,
} from './ledger/invoice.ts';
import {
  LEDGER_INVOICE_BALANCE_CHANGED,
  LEDGER_INVOICE_OVERDUE,
  LEDGER_INVOICE_SETTLED,
  LedgerInvoiceBalanceChangedEvent,
  LedgerInvoiceOverdueEvent,
  LedgerInvoiceSettledEvent,
} from './ledger/invoice-balance.ts';
import { LEDGER_PAYMENT_RECEIVED, LedgerPaymentReceivedEvent } from './ledger/payment.ts';

export * from './ledger/customer.ts';
export * from './ledger/dispute.ts';
export * from './ledger/invoice.ts';
export * from './ledger/invoice-balance.ts';
export * from './ledger/payment.ts';

/** Every event type the invoices service publishes on ledger.events.v1. */
export const LedgerEventTypes = [
  LEDGER_CUSTOMER_UPSERTED,
  LEDGER_INVOICE_ISSUED,
  LEDGER_INVOICE_OVERDUE,
  LEDGER_INVOICE_BALANCE_CHANGED,
  LEDGER_INVOICE_SETTLED,
  LEDGER_INVOICE_CANCELLED,
  LEDGER_INVOICE_WRITTEN_OFF,
  LEDGER_DISPUTE_OPENED,
  LEDGER_DISPUTE_RESOLVED,
  LEDGER_PAYMENT_RECEIVED,
] as const;
export type LedgerEventType = (typeof LedgerEventTypes)[number];

/** Any message of ledger.events.v1, told apart by its CloudEvents `type`. */
export const LedgerEvent = z.discriminatedUnion('type', [
  LedgerCustomerUpsertedEvent,
  LedgerInvoiceIssuedEvent,
  LedgerInvoiceOverdueEvent,
  LedgerInvoiceBalanceChangedEvent,
  LedgerInvoiceSettledEvent,
  LedgerInvoiceCancelledEvent,
  LedgerInvoiceWrittenOffEvent,
  LedgerDisputeOpenedEvent,
  LedgerDisputeResolvedEvent,
  LedgerPaymentReceivedEvent,
]);
export type LedgerEvent = z.infer<typeof LedgerEvent>;
