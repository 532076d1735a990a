import {
  createEvent,
  formatMinorUnits,
  type InvoiceIssuedData,
  LEDGER_INVOICE_ISSUED,
  toMinorUnits,
} from '@dunning/contracts';
import { writeToOutbox } from '@dunning/outbox';
import type pg from 'pg';
import { findCustomer } from '../db/customers.queries.ts';
import { findInvoice, insertEntry, insertInvoice, sameRequest } from '../db/invoices.queries.ts';
import { overdueAt } from '../domain/overdue-at.ts';
import { type CommandContext, type Conflict, LEDGER_SOURCE } from './command-context.ts';

export type IssueInvoiceOutcome = { status: 'created' } | { status: 'duplicate' } | Conflict;

const dateOf = (value: string) => value.slice(0, 10);

/**
 * Enters an invoice into the ledger with its issue entry, and publishes `ledger.invoice.issued`
 * in the same transaction. The invoice id makes it idempotent: the same body again is a duplicate,
 * a different body a conflict.
 */
export async function issueInvoice(
  tx: pg.PoolClient,
  context: CommandContext,
  data: InvoiceIssuedData,
): Promise<IssueInvoiceOutcome> {
  const amountMinor = toMinorUnits(data.amount, data.currency);
  const customer = (await findCustomer(tx, data.customerId)) as { timezone?: string } | undefined;
  const pastDueAt = overdueAt({
    issueDate: data.issueDate,
    dueDate: data.dueDate,
    timeZone: customer?.timezone ?? 'UTC',
    recordedAt: context.now(),
    dayMs: context.dayMs,
  });
  const created = await insertInvoice(tx, {
    invoiceId: data.invoiceId,
    customerId: data.customerId,
    number: data.number,
    currency: data.currency,
    amountMinor,
    issueDate: dateOf(data.issueDate),
    dueDate: dateOf(data.dueDate),
    overdueAt: pastDueAt,
    request: data,
  });
  if (!created) {
    if (await sameRequest(tx, data.invoiceId, data)) return { status: 'duplicate' };
    return { status: 'conflict', stored: (await findInvoice(tx, data.invoiceId))?.request };
  }
  await insertEntry(tx, {
    invoiceId: data.invoiceId,
    kind: 'issue',
    amountMinor,
    sourceId: data.invoiceId,
    source: context.source,
    occurredAt: data.issueDate,
  });
  const event = createEvent({
    type: LEDGER_INVOICE_ISSUED,
    source: LEDGER_SOURCE,
    subject: data.invoiceId,
    data: {
      invoiceId: data.invoiceId,
      customerId: data.customerId,
      number: data.number,
      currency: data.currency,
      amount: formatMinorUnits(amountMinor, data.currency),
      balance: formatMinorUnits(amountMinor, data.currency),
      issueDate: data.issueDate,
      dueDate: data.dueDate,
      overdueAt: pastDueAt.toISOString(),
    },
  });
  await writeToOutbox(tx, context.schema, [{ topic: context.ledgerTopic, key: data.customerId, event }]);
  return { status: 'created' };
}
