import type {
  CreditNoteIssuedData,
  DisputeOpenedData,
  DisputeResolvedData,
  InvoiceCancelledData,
  PaymentReceivedData,
} from '@dunning/contracts';
import { withSavepoint } from '@dunning/pg';
import type pg from 'pg';
import { setCommandResult } from '../db/ledger-commands.queries.ts';
import {
  holdCommand,
  type PendingCommand,
  releaseCommands,
  type WaitsFor,
} from '../db/pending-commands.queries.ts';
import { cancelInvoice, type WriteOffData, writeOffInvoice } from './close-invoice.ts';
import type { CommandContext } from './command-context.ts';
import { openDispute, resolveDispute } from './disputes.ts';
import { issueCreditNote } from './issue-credit-note.ts';
import type { LedgerCommand } from './ledger-command.ts';
import type { LedgerFacts } from './ledger-events.ts';
import { LedgerRuleError } from './ledger-rule-error.ts';
import { recordPayment } from './record-payment.ts';

function commandFor(held: PendingCommand): LedgerCommand {
  switch (held.kind) {
    case 'payment':
      return recordPayment(held.request as PaymentReceivedData);
    case 'credit-note':
      return issueCreditNote(held.request as CreditNoteIssuedData);
    case 'cancel':
      return cancelInvoice(held.request as InvoiceCancelledData);
    case 'write-off':
      return writeOffInvoice(held.request as WriteOffData);
    case 'dispute-open':
      return openDispute(held.request as DisputeOpenedData);
    case 'dispute-resolve':
      return resolveDispute(held.request as DisputeResolvedData);
  }
}

let savepoints = 0;

/**
 * Applies, in order of arrival, the commands that waited for this invoice or dispute, inside the
 * transaction that brought it. One that breaks a ledger rule now (say, a currency mismatch) is
 * rolled back alone and its result says why; the others still apply.
 */
export async function applyReleasedCommands(
  tx: pg.PoolClient,
  context: CommandContext,
  facts: LedgerFacts,
  waitsFor: WaitsFor,
  id: string,
): Promise<void> {
  await applyHeldCommands(tx, context, facts, await releaseCommands(tx, waitsFor, id));
}

/** Applies commands already taken off the pending list, in the order given. */
export async function applyHeldCommands(
  tx: pg.PoolClient,
  context: CommandContext,
  facts: LedgerFacts,
  released: PendingCommand[],
): Promise<void> {
  for (const held of released) {
    const command = commandFor(held);
    const heldContext: CommandContext = { ...context, source: held.source };
    const savepoint = `held_${++savepoints}`;
    try {
      await withSavepoint(tx, savepoint, async () => {
        const wait = await command.prepare(tx, heldContext);
        if (wait) {
          await holdCommand(tx, wait.waitsFor, wait.id, held);
        } else {
          const own: LedgerFacts = [];
          const result = await command.apply(tx, heldContext, own);
          await setCommandResult(tx, command.kind, command.commandId, result);
          facts.push(...own);
        }
      });
    } catch (error) {
      // What the command did is undone; anything but a ledger rule aborts the whole transaction.
      if (!(error instanceof LedgerRuleError)) throw error;
      await setCommandResult(tx, command.kind, command.commandId, {
        [command.idField]: command.commandId,
        status: 'rejected',
        detail: error.message,
      });
    }
  }
}
