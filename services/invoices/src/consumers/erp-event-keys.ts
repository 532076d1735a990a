import {
  ERP_CREDIT_NOTE_ISSUED,
  ERP_CUSTOMER_ALERT,
  ERP_CUSTOMER_ALERT_RESOLVED,
  ERP_CUSTOMER_UPSERTED,
  ERP_DISPUTE_OPENED,
  ERP_DISPUTE_RESOLVED,
  ERP_INVOICE_CANCELLED,
  ERP_INVOICE_ISSUED,
  ERP_PAYMENT_RECEIVED,
  type ErpEvent,
} from '@dunning/contracts';
import type pg from 'pg';
import { findReferences, type References } from '../db/references.queries.ts';

/** The invoice an event names, if any. */
function invoiceOf(event: ErpEvent): string | undefined {
  switch (event.type) {
    case ERP_INVOICE_ISSUED:
    case ERP_INVOICE_CANCELLED:
    case ERP_CREDIT_NOTE_ISSUED:
    case ERP_DISPUTE_OPENED:
      return event.data.invoiceId;
    case ERP_PAYMENT_RECEIVED:
      return event.data.invoiceId;
    default:
      return undefined;
  }
}

/**
 * Looks up the customers behind the invoices and disputes a chunk names but does not enter itself
 * (one query), so that every event can be told which customer it concerns.
 */
export async function chunkReferences(tx: pg.PoolClient, events: ErpEvent[]): Promise<References> {
  const entered = new Set<string>();
  const opened = new Set<string>();
  for (const event of events) {
    if (event.type === ERP_INVOICE_ISSUED) entered.add(event.data.invoiceId);
    if (event.type === ERP_DISPUTE_OPENED) opened.add(event.data.disputeId);
  }
  const invoiceIds = new Set<string>();
  const disputeIds = new Set<string>();
  for (const event of events) {
    const invoiceId = invoiceOf(event);
    if (invoiceId !== undefined && !entered.has(invoiceId)) invoiceIds.add(invoiceId);
    if (event.type === ERP_DISPUTE_RESOLVED && !opened.has(event.data.disputeId)) {
      disputeIds.add(event.data.disputeId);
    }
  }
  return findReferences(tx, [...invoiceIds], [...disputeIds]);
}

/**
 * What an ERP event touches: its customer, invoice, dispute and command id. Events sharing any of
 * these (directly or through an invoice issued or a dispute opened in the same chunk) keep their
 * order when a chunk is planned in waves; the ledger's state is per customer, so events of different
 * customers commute.
 */
export function erpEventKeys(event: ErpEvent, references: References): string[] {
  const keys: string[] = [];
  const customer = (id: string | undefined) => id !== undefined && keys.push(`customer:${id}`);
  const invoice = (id: string | undefined) => {
    if (id === undefined) return;
    keys.push(`invoice:${id}`);
    customer(references.customerOfInvoice.get(id));
  };
  switch (event.type) {
    case ERP_CUSTOMER_UPSERTED:
    case ERP_CUSTOMER_ALERT:
    case ERP_CUSTOMER_ALERT_RESOLVED:
      customer(event.data.customerId);
      break;
    case ERP_INVOICE_ISSUED:
      customer(event.data.customerId);
      invoice(event.data.invoiceId);
      break;
    case ERP_PAYMENT_RECEIVED:
      keys.push(`payment:${event.data.paymentId}`);
      customer(event.data.customerId);
      invoice(event.data.invoiceId);
      break;
    case ERP_CREDIT_NOTE_ISSUED:
      keys.push(`credit-note:${event.data.creditNoteId}`);
      invoice(event.data.invoiceId);
      break;
    case ERP_INVOICE_CANCELLED:
      invoice(event.data.invoiceId);
      break;
    case ERP_DISPUTE_OPENED:
      keys.push(`dispute:${event.data.disputeId}`);
      invoice(event.data.invoiceId);
      break;
    case ERP_DISPUTE_RESOLVED:
      keys.push(`dispute:${event.data.disputeId}`);
      invoice(references.invoiceOfDispute.get(event.data.disputeId));
      break;
  }
  return keys;
}
