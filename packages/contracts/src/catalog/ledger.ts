import {
  LEDGER_CHARGE_BOOKED,
  LEDGER_CHARGE_WAIVED,
  LEDGER_CUSTOMER_UPSERTED,
  LEDGER_DISPUTE_OPENED,
  LEDGER_DISPUTE_RESOLVED,
  LEDGER_INVOICE_BALANCE_CHANGED,
  LEDGER_INVOICE_CANCELLED,
  LEDGER_INVOICE_ISSUED,
  LEDGER_INVOICE_OVERDUE,
  LEDGER_INVOICE_SETTLED,
  LEDGER_INVOICE_WRITTEN_OFF,
  LEDGER_PAYMENT_RECEIVED,
  LedgerChargeBookedEvent,
  LedgerChargeWaivedEvent,
  LedgerCustomerUpsertedEvent,
  LedgerDisputeOpenedEvent,
  LedgerDisputeResolvedEvent,
  LedgerInvoiceBalanceChangedEvent,
  LedgerInvoiceCancelledEvent,
  LedgerInvoiceIssuedEvent,
  LedgerInvoiceOverdueEvent,
  LedgerInvoiceSettledEvent,
  LedgerInvoiceWrittenOffEvent,
  LedgerPaymentReceivedEvent,
} from '../ledger-events.ts';
import { Topics } from '../topics.ts';
import type { TopicSpec } from './spec.ts';

/** The ledger topic of the catalog: who publishes on it and every event type it carries. */
export const LedgerTopic = {
  topic: Topics.ledgerEvents,
  publisher: 'invoices service',
  description: 'Facts of the AR ledger, published through its outbox once committed.',
  events: [
    {
      type: LEDGER_CUSTOMER_UPSERTED,
      schema: LedgerCustomerUpsertedEvent,
      description: 'The ledger holds a new or changed customer.',
    },
    {
      type: LEDGER_INVOICE_ISSUED,
      schema: LedgerInvoiceIssuedEvent,
      description: 'An invoice entered the ledger, with its open balance.',
    },
    {
      type: LEDGER_INVOICE_OVERDUE,
      schema: LedgerInvoiceOverdueEvent,
      description: "An invoice passed the end of its due day (customer's time zone) with a balance open.",
    },
    {
      type: LEDGER_INVOICE_BALANCE_CHANGED,
      schema: LedgerInvoiceBalanceChangedEvent,
      description: 'The open balance of an invoice changed (payment, credit note, adjustment...).',
    },
    {
      type: LEDGER_INVOICE_SETTLED,
      schema: LedgerInvoiceSettledEvent,
      description: 'The balance of an invoice reached zero by payments, credit notes or both.',
    },
    {
      type: LEDGER_INVOICE_CANCELLED,
      schema: LedgerInvoiceCancelledEvent,
      description: 'An invoice was cancelled; it is no longer owed.',
    },
    {
      type: LEDGER_INVOICE_WRITTEN_OFF,
      schema: LedgerInvoiceWrittenOffEvent,
      description: 'The open balance of an invoice was written off as bad debt.',
    },
    {
      type: LEDGER_DISPUTE_OPENED,
      schema: LedgerDisputeOpenedEvent,
      description: 'A dispute on an invoice was opened; its dunning freezes until resolved.',
    },
    {
      type: LEDGER_DISPUTE_RESOLVED,
      schema: LedgerDisputeResolvedEvent,
      description: 'A dispute was resolved (upheld, rejected or adjusted).',
    },
    {
      type: LEDGER_PAYMENT_RECEIVED,
      schema: LedgerPaymentReceivedEvent,
      description: 'A payment was booked: what it settled per invoice, and what became customer credit.',
    },
    {
      type: LEDGER_CHARGE_BOOKED,
      schema: LedgerChargeBookedEvent,
      description:
        'A dunning fee or interest was booked as an open charge of the customer, apart from principal.',
    },
    {
      type: LEDGER_CHARGE_WAIVED,
      schema: LedgerChargeWaivedEvent,
      description: 'A booked charge was waived (reversed); it is no longer owed.',
    },
  ],
} as const satisfies TopicSpec;
