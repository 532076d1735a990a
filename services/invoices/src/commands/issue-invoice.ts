import {
  formatMinorUnits,
  type InvoiceIssuedData,
  LEDGER_INVOICE_ISSUED,
  toMinorUnits,
} from '@dunning/contracts';
import type pg from 'pg';
import { takeAdvisoryLocks } from '../db/advisory-locks.queries.ts';
import { type CreditLot, customerWithCredit, useCustomerCredit } from '../db/customer-credits.queries.ts';
import { findInvoice, insertInvoice, type PostingInvoice, sameRequest } from '../db/invoices.queries.ts';
import { businessInstant } from '../domain/business-instant.ts';
import { overdueAt } from '../domain/overdue-at.ts';
import type { CommandContext, Conflict } from './command-context.ts';
import { applyHeldCommands } from './held-commands.ts';
import { postReduction } from './invoice-posting.ts';
import { addFact, type LedgerFacts, publishFacts } from './ledger-events.ts';
import { customerLockKey, invoiceLockKey } from './lock-keys.ts';

export type IssueInvoiceOutcome = { status: 'created' } | { status: 'duplicate' } | Conflict;

const dateOf = (value: string) => value.slice(0, 10);

/** The customer's unused credit in the invoice's currency goes to the new invoice, oldest lot first. */
async function applyCustomerCredit(
  tx: pg.PoolClient,
  context: CommandContext,
  facts: LedgerFacts,
  invoice: PostingInvoice,
  lots: CreditLot[],
): Promise<void> {
  if (lots.length === 0) return;
  const used: { sourceKind: 'payment' | 'credit'; sourceId: string; amountMinor: bigint }[] = [];
  const at = context.now();
  for (const lot of lots) {
    if (invoice.balanceMinor <= 0n) break;
    const amountMinor =
      lot.available_minor < invoice.balanceMinor ? lot.available_minor : invoice.balanceMinor;
    await postReduction(tx, context, facts, invoice, {
      kind: lot.source_kind,
      amountMinor,
      sourceId: lot.source_id,
      occurredAt: at,
      cause: lot.source_kind === 'payment' ? 'payment' : 'credit-note',
    });
    used.push({ sourceKind: lot.source_kind, sourceId: lot.source_id, amountMinor });
  }
  await useCustomerCredit(
    tx,
    {
      customerId: invoice.customerId,
      currency: invoice.currency,
      invoiceId: invoice.invoiceId,
      occurredAt: at,
    },
    used,
  );
}

/** ledger.invoice.issued of a newly entered invoice: nothing is applied to it yet. */
export function addIssuedFact(
  facts: LedgerFacts,
  context: CommandContext,
  data: InvoiceIssuedData,
  amountMinor: bigint,
  pastDueAt: Date,
): void {
  addFact(facts, context, data.customerId, {
    type: LEDGER_INVOICE_ISSUED,
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
}

/**
 * Enters an invoice into the ledger with its issue entry and publishes `ledger.invoice.issued`; then,
 * in the same transaction, applies the customer's credit and whatever waited for this invoice
 * (payments, credit notes, disputes, a cancellation) in order of arrival. The invoice id makes it
 * idempotent: the same body again is a duplicate, a different body a conflict.
 */
export async function issueInvoice(
  tx: pg.PoolClient,
  context: CommandContext,
  data: InvoiceIssuedData,
): Promise<IssueInvoiceOutcome> {
  await takeAdvisoryLocks(tx, context.schema, [
    invoiceLockKey(data.invoiceId),
    customerLockKey(data.customerId),
  ]);
  const { timeZone, lots } = await customerWithCredit(tx, data.customerId, data.currency);
  const amountMinor = toMinorUnits(data.amount, data.currency);
  const recordedAt = context.now();
  const pastDueAt = overdueAt({
    issueDate: data.issueDate,
    dueDate: data.dueDate,
    timeZone,
    recordedAt,
    dayMs: context.dayMs,
  });
  const invoice: PostingInvoice = {
    invoiceId: data.invoiceId,
    customerId: data.customerId,
    currency: data.currency,
    amountMinor,
    balanceMinor: amountMinor,
    issueDate: dateOf(data.issueDate),
    dueDate: dateOf(data.dueDate),
    overdueAt: pastDueAt,
    timeZone,
    discount: data.discount,
    paid: false,
    credited: false,
  };
  const { created, released } = await insertInvoice(
    tx,
    {
      invoiceId: data.invoiceId,
      customerId: data.customerId,
      number: data.number,
      currency: data.currency,
      amountMinor,
      issueDate: dateOf(data.issueDate),
      dueDate: invoice.dueDate,
      overdueAt: pastDueAt,
      request: data,
    },
    { source: context.source, occurredAt: businessInstant(data.issueDate, timeZone) },
  );
  if (!created) {
    if (await sameRequest(tx, data.invoiceId, data)) return { status: 'duplicate' };
    return { status: 'conflict', stored: (await findInvoice(tx, data.invoiceId))?.request };
  }
  const facts: LedgerFacts = [];
  addIssuedFact(facts, context, data, amountMinor, pastDueAt);
  await applyCustomerCredit(tx, context, facts, invoice, lots);
  await applyHeldCommands(tx, context, facts, released);
  await publishFacts(tx, context, facts);
  return { status: 'created' };
}
