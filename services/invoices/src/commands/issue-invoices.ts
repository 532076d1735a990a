import { type InvoiceIssuedData, toMinorUnits } from '@dunning/contracts';
import { withinTraceOf } from '@dunning/tracing';
import type pg from 'pg';
import { takeAdvisoryLocks } from '../db/advisory-locks.queries.ts';
import { findInvoice, sameRequest } from '../db/invoices.queries.ts';
import {
  arrivalStates,
  type IssuedInvoice,
  type IssuedOutcome,
  insertIssuedInvoices,
} from '../db/issued-invoices.queries.ts';
import { businessInstant } from '../domain/business-instant.ts';
import { overdueAt } from '../domain/overdue-at.ts';
import type { CommandContext } from './command-context.ts';
import { addIssuedFact, type IssueInvoiceOutcome, issueInvoice } from './issue-invoice.ts';
import { type LedgerFacts, publishFacts } from './ledger-events.ts';
import { invoiceLockKey } from './lock-keys.ts';

const dateOf = (value: string) => value.slice(0, 10);

function toIssued(data: InvoiceIssuedData, timeZone: string, recordedAt: Date, dayMs: number): IssuedInvoice {
  return {
    invoiceId: data.invoiceId,
    customerId: data.customerId,
    number: data.number,
    currency: data.currency,
    amountMinor: toMinorUnits(data.amount, data.currency),
    issueDate: dateOf(data.issueDate),
    dueDate: dateOf(data.dueDate),
    overdueAt: overdueAt({ issueDate: data.issueDate, dueDate: data.dueDate, timeZone, recordedAt, dayMs }),
    request: data,
    issuedAt: businessInstant(data.issueDate, timeZone),
  };
}

async function outcomeOf(
  tx: pg.PoolClient,
  invoice: IssuedInvoice,
  stored: IssuedOutcome | undefined,
): Promise<IssueInvoiceOutcome> {
  if (stored === 'created') return { status: 'created' };
  // A conflict is checked again in a statement of its own: one that sees any row committed meanwhile.
  if (stored === 'duplicate' || (await sameRequest(tx, invoice.invoiceId, invoice.request))) {
    return { status: 'duplicate' };
  }
  return { status: 'conflict', stored: (await findInvoice(tx, invoice.invoiceId))?.request };
}

/**
 * issueInvoice for many invoices (distinct ids) with, for each, the outcome of issuing them one by
 * one in the order given. Invoices nothing waits for are entered set-based under their invoice locks
 * (sorted, so two batches never deadlock), which hold back any command for them until this commits.
 * They use no customer credit, so they need no customer lock: credit is only added without one. An
 * invoice that held commands or the customer's credit wait for goes through issueInvoice, and so do
 * that customer's later invoices here, in order: what it applies may leave credit for them.
 */
export async function issueInvoices(
  tx: pg.PoolClient,
  context: CommandContext,
  invoices: InvoiceIssuedData[],
): Promise<IssueInvoiceOutcome[]> {
  if (invoices.length === 0) return [];
  await takeAdvisoryLocks(
    tx,
    context.schema,
    [...new Set(invoices.map((i) => invoiceLockKey(i.invoiceId)))].sort(),
  );
  const states = await arrivalStates(tx, invoices);
  const recordedAt = context.now();
  const oneByOne = new Set<string>();
  const setBased: { data: InvoiceIssuedData; row: IssuedInvoice }[] = [];
  const later: InvoiceIssuedData[] = [];
  for (const data of invoices) {
    const state = states.get(data.invoiceId) ?? { timeZone: 'UTC', awaited: false };
    if (state.awaited || oneByOne.has(data.customerId)) {
      oneByOne.add(data.customerId);
      later.push(data);
    } else setBased.push({ data, row: toIssued(data, state.timeZone, recordedAt, context.dayMs) });
  }
  const outcomes = new Map<string, IssueInvoiceOutcome>();
  if (setBased.length > 0) {
    const stored = await insertIssuedInvoices(
      tx,
      setBased.map(({ row }) => row),
      context.source,
    );
    const facts: LedgerFacts = [];
    for (const { data, row } of setBased) {
      const outcome = await outcomeOf(tx, row, stored.get(row.invoiceId));
      outcomes.set(row.invoiceId, outcome);
      // From the ERP topic, each invoice's fact joins the trace of the message it came in (tracing on).
      if (outcome.status === 'created')
        withinTraceOf(data, () => addIssuedFact(facts, context, data, row.amountMinor, row.overdueAt));
    }
    await publishFacts(tx, context, facts);
  }
  for (const data of later) outcomes.set(data.invoiceId, await issueInvoice(tx, context, data));
  return invoices.map((data) => outcomes.get(data.invoiceId) as IssueInvoiceOutcome);
}
