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
import { type ChunkHandler, type HandlerOutcome, planWaves, RejectedEventError } from '@dunning/kafka';
import type pg from 'pg';
import { cancelInvoice } from '../commands/close-invoice.ts';
import type { CommandContext } from '../commands/command-context.ts';
import { openDispute, resolveDispute } from '../commands/disputes.ts';
import { issueCreditNote } from '../commands/issue-credit-note.ts';
import type { IssueInvoiceOutcome } from '../commands/issue-invoice.ts';
import { issueInvoices } from '../commands/issue-invoices.ts';
import { executeCommand, type LedgerCommand } from '../commands/ledger-command.ts';
import { LedgerRuleError } from '../commands/ledger-rule-error.ts';
import { recordPayment } from '../commands/record-payment.ts';
import { upsertCustomers } from '../commands/upsert-customer.ts';
import { chunkReferences, erpEventKeys } from './erp-event-keys.ts';

async function runLedgerCommand(
  tx: pg.PoolClient,
  context: CommandContext,
  command: LedgerCommand,
): Promise<HandlerOutcome> {
  try {
    const outcome = await executeCommand(tx, context, command);
    if (outcome.status === 'conflict') {
      throw new RejectedEventError(
        `${command.kind} ${command.commandId} exists with a different body: ${JSON.stringify(outcome.stored)}`,
      );
    }
    return outcome.status === 'duplicate'
      ? { status: 'skipped', reason: 'duplicate' }
      : { status: 'applied' };
  } catch (error) {
    if (error instanceof LedgerRuleError) throw new RejectedEventError(error.message);
    throw error;
  }
}

function ledgerCommandOf(event: ErpEvent): LedgerCommand | undefined {
  switch (event.type) {
    case ERP_PAYMENT_RECEIVED:
      return recordPayment(event.data);
    case ERP_CREDIT_NOTE_ISSUED:
      return issueCreditNote(event.data);
    case ERP_INVOICE_CANCELLED:
      return cancelInvoice(event.data);
    case ERP_DISPUTE_OPENED:
      return openDispute(event.data);
    case ERP_DISPUTE_RESOLVED:
      return resolveDispute(event.data);
    default:
      return undefined;
  }
}

/**
 * A payment, credit note, cancellation or dispute event, through the same command path as the HTTP
 * API (customers' updates and issued invoices always go in a wave's batch).
 */
async function applyCommandEvent(
  tx: pg.PoolClient,
  context: CommandContext,
  event: ErpEvent,
): Promise<HandlerOutcome> {
  // Business alerts are credit-risk's to keep (it consumes this topic for them in its own group).
  if (event.type === ERP_CUSTOMER_ALERT || event.type === ERP_CUSTOMER_ALERT_RESOLVED) {
    return { status: 'skipped', reason: `${event.type} is for credit-risk` };
  }
  const command = ledgerCommandOf(event);
  if (!command) throw new RejectedEventError(`${event.type} is not an ERP event the ledger knows`);
  return runLedgerCommand(tx, context, command);
}

function issuedOutcome(invoiceId: string, outcome: IssueInvoiceOutcome): HandlerOutcome {
  if (outcome.status === 'conflict') {
    throw new RejectedEventError(`invoice ${invoiceId} exists with a different body`);
  }
  return outcome.status === 'created' ? { status: 'applied' } : { status: 'skipped', reason: 'duplicate' };
}

/**
 * Customer updates and issued invoices may join a wave's batch: a customer's update only at the
 * start of its run (its invoices after it read the new profile), an invoice once per run.
 */
function batchable(event: ErpEvent, run: readonly ErpEvent[]): boolean {
  if (event.type === ERP_CUSTOMER_UPSERTED) return run.length === 0;
  if (event.type !== ERP_INVOICE_ISSUED) return false;
  const { invoiceId } = event.data;
  return !run.some((other) => other.type === ERP_INVOICE_ISSUED && other.data.invoiceId === invoiceId);
}

/**
 * A chunk of ERP events, set-based: customers' updates and issued invoices (the bulk of the stream)
 * are written a wave at a time, everything else goes one by one through the command path, and each
 * customer's events keep their order, so the ledger ends as if the chunk were applied in order.
 */
export function handleErpChunk(context: CommandContext): ChunkHandler<ErpEvent> {
  return async (events, tx) => {
    const references = await chunkReferences(tx, events);
    const waves = planWaves(events, { keysOf: (event) => erpEventKeys(event, references), batchable });
    const outcomes = new Map<ErpEvent, HandlerOutcome>();
    for (const { batch, singles } of waves) {
      const customers = batch.filter((e) => e.type === ERP_CUSTOMER_UPSERTED);
      const upserted = await upsertCustomers(
        tx,
        context,
        customers.map((e) => e.data),
      );
      customers.forEach((event, index) => {
        const status = upserted[index]?.status;
        outcomes.set(
          event,
          status === 'updated' ? { status: 'applied' } : { status: 'skipped', reason: 'unchanged' },
        );
      });
      const invoices = batch.filter((e) => e.type === ERP_INVOICE_ISSUED);
      const issued = await issueInvoices(
        tx,
        context,
        invoices.map((e) => e.data),
      );
      invoices.forEach((event, index) => {
        outcomes.set(event, issuedOutcome(event.data.invoiceId, issued[index] as IssueInvoiceOutcome));
      });
      for (const event of singles) outcomes.set(event, await applyCommandEvent(tx, context, event));
    }
    return events.map((event) => outcomes.get(event) as HandlerOutcome);
  };
}
