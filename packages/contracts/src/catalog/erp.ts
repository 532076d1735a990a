import {
  CreditNoteIssuedEvent,
  CustomerAlertEvent,
  CustomerAlertResolvedEvent,
  CustomerUpsertedEvent,
  DisputeOpenedEvent,
  DisputeResolvedEvent,
  ERP_CREDIT_NOTE_ISSUED,
  ERP_CUSTOMER_ALERT,
  ERP_CUSTOMER_ALERT_RESOLVED,
  ERP_CUSTOMER_UPSERTED,
  ERP_DISPUTE_OPENED,
  ERP_DISPUTE_RESOLVED,
  ERP_INVOICE_CANCELLED,
  ERP_INVOICE_ISSUED,
  ERP_PAYMENT_RECEIVED,
  InvoiceCancelledEvent,
  InvoiceIssuedEvent,
  PaymentReceivedEvent,
} from '../erp-events.ts';
import { Topics } from '../topics.ts';
import type { TopicSpec } from './spec.ts';

/** The erp topic of the catalog: who publishes on it and every event type it carries. */
export const ErpTopic = {
  topic: Topics.erpEvents,
  publisher: 'ERP systems (the invoices service accepts the same payloads over HTTP)',
  description:
    'Inbound facts from ERP systems: customers, invoices, payments, credit notes, disputes, business alerts.',
  events: [
    {
      type: ERP_CUSTOMER_UPSERTED,
      schema: CustomerUpsertedEvent,
      description: 'A customer was created or changed.',
    },
    {
      type: ERP_INVOICE_ISSUED,
      schema: InvoiceIssuedEvent,
      description: 'An invoice was issued to a customer.',
    },
    {
      type: ERP_INVOICE_CANCELLED,
      schema: InvoiceCancelledEvent,
      description: 'An invoice was cancelled.',
    },
    {
      type: ERP_PAYMENT_RECEIVED,
      schema: PaymentReceivedEvent,
      description: 'A payment arrived, applied to one invoice or unapplied for a customer (oldest first).',
    },
    {
      type: ERP_CREDIT_NOTE_ISSUED,
      schema: CreditNoteIssuedEvent,
      description: 'A credit note reduced the balance of an invoice.',
    },
    {
      type: ERP_DISPUTE_OPENED,
      schema: DisputeOpenedEvent,
      description: 'The customer disputes an invoice; dunning of it freezes until resolved.',
    },
    { type: ERP_DISPUTE_RESOLVED, schema: DisputeResolvedEvent, description: 'A dispute was resolved.' },
    {
      type: ERP_CUSTOMER_ALERT,
      schema: CustomerAlertEvent,
      description:
        'A business anomaly of a customer (litigation, equity or management change, regulatory): consumed by credit-risk, which holds credit while it is open.',
    },
    {
      type: ERP_CUSTOMER_ALERT_RESOLVED,
      schema: CustomerAlertResolvedEvent,
      description: 'A business anomaly of a customer is over (consumed by credit-risk).',
    },
  ],
} as const satisfies TopicSpec;
