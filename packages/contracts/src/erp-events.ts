import { z } from 'zod';
import { CreditNoteIssuedEvent, ERP_CREDIT_NOTE_ISSUED } from './erp/credit-note.ts';
import { CustomerUpsertedEvent, ERP_CUSTOMER_UPSERTED } from './erp/customer.ts';
import {
  DisputeOpenedEvent,
  DisputeResolvedEvent,
  ERP_DISPUTE_OPENED,
  ERP_DISPUTE_RESOLVED,
} from './erp/dispute.ts';
import {
  ERP_INVOICE_CANCELLED,
  ERP_INVOICE_ISSUED,
  InvoiceCancelledEvent,
  InvoiceIssuedEvent,
} from './erp/invoice.ts';
import { ERP_PAYMENT_RECEIVED, PaymentReceivedEvent } from './erp/payment.ts';

export * from './erp/credit-note.ts';
export * from './erp/customer.ts';
export * from './erp/dispute.ts';
export * from './erp/invoice.ts';
export * from './erp/payment.ts';

/** Every event type ERPs send on erp.events.v1 (and over HTTP to the invoices service). */
export const ErpEventTypes = [
  ERP_CUSTOMER_UPSERTED,
  ERP_INVOICE_ISSUED,
  ERP_INVOICE_CANCELLED,
  ERP_PAYMENT_RECEIVED,
  ERP_CREDIT_NOTE_ISSUED,
  ERP_DISPUTE_OPENED,
  ERP_DISPUTE_RESOLVED,
] as const;
export type ErpEventType = (typeof ErpEventTypes)[number];

/** Any message of erp.events.v1, told apart by its CloudEvents `type`. */
export const ErpEvent = z.discriminatedUnion('type', [
  CustomerUpsertedEvent,
  InvoiceIssuedEvent,
  InvoiceCancelledEvent,
  PaymentReceivedEvent,
  CreditNoteIssuedEvent,
  DisputeOpenedEvent,
  DisputeResolvedEvent,
]);
export type ErpEvent = z.infer<typeof ErpEvent>;
