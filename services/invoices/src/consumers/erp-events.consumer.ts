import {
  ERP_CREDIT_NOTE_ISSUED,
  ERP_CUSTOMER_UPSERTED,
  ERP_DISPUTE_OPENED,
  ERP_DISPUTE_RESOLVED,
  ERP_INVOICE_CANCELLED,
  ERP_INVOICE_ISSUED,
  ERP_PAYMENT_RECEIVED,
  type ErpEvent,
} from '@dunning/contracts';
import { type EventHandler, type HandlerOutcome, RejectedEventError } from '@dunning/kafka';
import type pg from 'pg';
import { cancelInvoice } from '../commands/close-invoice.ts';
import type { CommandContext } from '../commands/command-context.ts';
import { openDispute, resolveDispute } from '../commands/disputes.ts';
import { issueCreditNote } from '../commands/issue-credit-note.ts';
import { issueInvoice } from '../commands/issue-invoice.ts';
import { executeCommand, type LedgerCommand } from '../commands/ledger-command.ts';
import { LedgerRuleError } from '../commands/ledger-rule-error.ts';
import { recordPayment } from '../commands/record-payment.ts';
import { upsertCustomer } from '../commands/upsert-customer.ts';

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

/** ERP events from erp.events.v1 take the same command path as the HTTP API. */
export function handleErpEvent(context: CommandContext): EventHandler<ErpEvent> {
  return async (event, tx) => {
    if (event.type === ERP_CUSTOMER_UPSERTED) {
      const outcome = await upsertCustomer(tx, context, event.data);
      return outcome.status === 'updated'
        ? { status: 'applied' }
        : { status: 'skipped', reason: 'unchanged' };
    }
    if (event.type === ERP_INVOICE_ISSUED) {
      const outcome = await issueInvoice(tx, context, event.data);
      if (outcome.status === 'conflict') {
        throw new RejectedEventError(`invoice ${event.data.invoiceId} exists with a different body`);
      }
      return outcome.status === 'created'
        ? { status: 'applied' }
        : { status: 'skipped', reason: 'duplicate' };
    }
    const command = ledgerCommandOf(event);
    if (!command) throw new RejectedEventError(`${event.type} is not an ERP event the ledger knows`);
    return runLedgerCommand(tx, context, command);
  };
}
