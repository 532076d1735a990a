import {
  type BalanceChangeCause,
  formatMinorUnits,
  isCompressed,
  LEDGER_INVOICE_BALANCE_CHANGED,
  LEDGER_INVOICE_SETTLED,
} from '@dunning/contracts';
import type pg from 'pg';
import { type EntryKind, insertEntry, type PostingInvoice } from '../db/invoices.queries.ts';
import { daysLate } from '../domain/days-late.ts';
import type { CommandContext } from './command-context.ts';
import { addFact, type LedgerFacts } from './ledger-events.ts';

export interface Reduction {
  kind: Exclude<EntryKind, 'issue'>;
  /** How much the balance goes down (>= 0). */
  amountMinor: bigint;
  sourceId: string;
  occurredAt: Date;
  /** Published as ledger.invoice.balance-changed when set and the amount is not 0. */
  cause?: BalanceChangeCause;
}

/**
 * Days late of money arriving at `at`. With compressed days the business dates of ERPs mean nothing
 * on the compressed clock, so the ledger's own clock says when the money came.
 */
export function lateness(context: CommandContext, invoice: PostingInvoice, at: Date): number {
  return daysLate({
    at: isCompressed(context.dayMs) ? context.now() : at,
    dueDate: invoice.dueDate,
    overdueAt: invoice.overdueAt,
    timeZone: invoice.timeZone,
    dayMs: context.dayMs,
  });
}

/**
 * Books one entry lowering the invoice's balance (the caller holds its row lock), updates the
 * in-memory copy, and adds the facts: balance changed, and settled when payments or credits bring it
 * to zero.
 */
export async function postReduction(
  tx: pg.PoolClient,
  context: CommandContext,
  facts: LedgerFacts,
  invoice: PostingInvoice,
  reduction: Reduction,
): Promise<void> {
  const previous = invoice.balanceMinor;
  await insertEntry(tx, {
    invoiceId: invoice.invoiceId,
    kind: reduction.kind,
    amountMinor: -reduction.amountMinor,
    sourceId: reduction.sourceId,
    source: context.source,
    occurredAt: reduction.occurredAt,
  });
  invoice.balanceMinor = previous - reduction.amountMinor;
  if (reduction.kind === 'payment') invoice.paid = true;
  if (reduction.kind === 'credit') invoice.credited = true;
  if (reduction.cause === undefined || reduction.amountMinor === 0n) return;
  const money = (minor: bigint) => formatMinorUnits(minor, invoice.currency);
  addFact(facts, context, invoice.customerId, {
    type: LEDGER_INVOICE_BALANCE_CHANGED,
    subject: invoice.invoiceId,
    data: {
      invoiceId: invoice.invoiceId,
      customerId: invoice.customerId,
      currency: invoice.currency,
      amount: money(invoice.amountMinor),
      previousBalance: money(previous),
      balance: money(invoice.balanceMinor),
      cause: reduction.cause,
      sourceId: reduction.sourceId,
      occurredAt: reduction.occurredAt.toISOString(),
    },
  });
  const settles =
    reduction.cause === 'payment' || reduction.cause === 'credit-note' || reduction.cause === 'discount';
  if (!settles || previous <= 0n || invoice.balanceMinor !== 0n) return;
  const { paid, credited } = invoice;
  addFact(facts, context, invoice.customerId, {
    type: LEDGER_INVOICE_SETTLED,
    subject: invoice.invoiceId,
    data: {
      invoiceId: invoice.invoiceId,
      customerId: invoice.customerId,
      currency: invoice.currency,
      amount: money(invoice.amountMinor),
      settledAt: reduction.occurredAt.toISOString(),
      how: paid && credited ? 'mixed' : credited ? 'credited' : 'paid',
      daysLate: lateness(context, invoice, reduction.occurredAt),
    },
  });
}
