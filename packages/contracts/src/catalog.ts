import type { z } from 'zod';
import {
  CreditNoteIssuedEvent,
  CustomerUpsertedEvent,
  DisputeOpenedEvent,
  DisputeResolvedEvent,
  ERP_CREDIT_NOTE_ISSUED,
  ERP_CUSTOMER_UPSERTED,
  ERP_DISPUTE_OPENED,
  ERP_DISPUTE_RESOLVED,
  ERP_INVOICE_CANCELLED,
  ERP_INVOICE_ISSUED,
  ERP_PAYMENT_RECEIVED,
  InvoiceCancelledEvent,
  InvoiceIssuedEvent,
  PaymentReceivedEvent,
} from './erp-events.ts';
import {
  LEDGER_CUSTOMER_UPSERTED,
  LEDGER_INVOICE_ISSUED,
  LedgerCustomerUpsertedEvent,
  LedgerInvoiceIssuedEvent,
} from './ledger-events.ts';
import { type TopicName, Topics } from './topics.ts';

/** One event type: its CloudEvents `type`, the schema of its whole envelope, and what it means. */
export interface EventSpec {
  readonly type: string;
  readonly schema: z.ZodObject;
  readonly description: string;
}

/** One topic: who publishes on it, what it carries. */
export interface TopicSpec {
  readonly topic: TopicName;
  readonly description: string;
  readonly publisher: string;
  readonly events: readonly EventSpec[];
}

/** Every topic of the platform and every event type published on it. */
export const Catalog = [
  {
    topic: Topics.erpEvents,
    publisher: 'ERP systems (the invoices service accepts the same payloads over HTTP)',
    description: 'Inbound facts from ERP systems: customers, invoices, payments, credit notes, disputes.',
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
    ],
  },
  {
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
    ],
  },
  {
    topic: Topics.riskEvents,
    publisher: 'credit-risk service',
    description: 'Per-customer score, class, warning level, credit limit and hold.',
    events: [],
  },
  {
    topic: Topics.dunningEvents,
    publisher: 'dunning service',
    description: 'Dunning cases, steps that fell due and collector tasks.',
    events: [],
  },
  {
    topic: Topics.notificationsEvents,
    publisher: 'notifications service',
    description: 'Notices sent (email, SMS, PDF letters) and their delivery.',
    events: [],
  },
] as const satisfies readonly TopicSpec[];

/** Any event the catalog knows, as parsed from its envelope schema. */
export type KnownEvent = z.infer<(typeof Catalog)[number]['events'][number]['schema']>;
export type KnownEventType = KnownEvent['type'];

const specsByType: ReadonlyMap<string, EventSpec & { topic: TopicName }> = new Map(
  Catalog.flatMap((topic) =>
    topic.events.map((event): [string, EventSpec & { topic: TopicName }] => [
      event.type,
      { ...event, topic: topic.topic },
    ]),
  ),
);

/** The catalog entry of an event type, with the topic it is published on; undefined if unknown. */
export function eventSpec(type: string): (EventSpec & { topic: TopicName }) | undefined {
  return specsByType.get(type);
}
