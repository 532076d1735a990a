import {
  LEDGER_CUSTOMER_UPSERTED,
  LEDGER_DISPUTE_OPENED,
  LEDGER_DISPUTE_RESOLVED,
  LEDGER_INVOICE_BALANCE_CHANGED,
  LEDGER_INVOICE_CANCELLED,
  LEDGER_INVOICE_ISSUED,
  LEDGER_INVOICE_SETTLED,
  LEDGER_INVOICE_WRITTEN_OFF,
  type LedgerEvent,
  type LedgerInvoiceBalanceChangedData,
  toMinorUnits,
} from '@dunning/contracts';
import type { EventHandler, HandlerOutcome } from '@dunning/kafka';
import type pg from 'pg';
import { closeCase } from '../commands/close-case.ts';
import type { EngineContext } from '../commands/engine-context.ts';
import { liftPause, pauseCase } from '../commands/pause-case.ts';
import { planCase } from '../commands/plan-case.ts';
import { settlePromisesOnPayment } from '../commands/promises.ts';
import { lockCase, updateCaseBalance } from '../db/cases.queries.ts';
import { upsertCustomerProfile } from '../db/customers.queries.ts';
import { addTimeline } from '../db/timeline.queries.ts';

const applied: HandlerOutcome = { status: 'applied' };

/** A partial payment or credit: dunning continues on the new balance (a zero balance waits for settled). */
async function changeBalance(
  tx: pg.PoolClient,
  context: EngineContext,
  data: LedgerInvoiceBalanceChangedData,
): Promise<HandlerOutcome> {
  const c = await lockCase(tx, data.invoiceId);
  if (!c) return { status: 'skipped', reason: 'no case for the invoice' };
  if (c.status === 'closed') return { status: 'skipped', reason: 'case closed' };
  const occurredAt = new Date(data.occurredAt);
  if (c.balance_as_of && c.balance_as_of > occurredAt)
    return { status: 'skipped', reason: 'older than the balance held' };
  const balance = toMinorUnits(data.balance, data.currency);
  await updateCaseBalance(tx, data.invoiceId, balance, occurredAt);
  await addTimeline(tx, [
    {
      invoiceId: data.invoiceId,
      at: context.now(),
      kind: 'balance-changed',
      detail: { balance: data.balance, cause: data.cause },
    },
  ]);
  const paid = toMinorUnits(data.previousBalance, data.currency) - balance;
  if (data.cause === 'payment' && paid > 0n) await settlePromisesOnPayment(tx, context, data.invoiceId, paid);
  return applied;
}

/** Ledger facts that start, change, pause or end dunning. */
export function ledgerEventHandler(context: EngineContext): EventHandler<LedgerEvent> {
  return async (event, tx) => {
    switch (event.type) {
      case LEDGER_CUSTOMER_UPSERTED:
        await upsertCustomerProfile(tx, event.data.customerId, event.data.timezone, event.data.collectorId);
        return applied;
      case LEDGER_INVOICE_ISSUED: {
        const result = await planCase(tx, context, event.data, event.id);
        return result === 'planned' ? applied : { status: 'skipped', reason: result };
      }
      case LEDGER_INVOICE_BALANCE_CHANGED:
        return changeBalance(tx, context, event.data);
      case LEDGER_INVOICE_SETTLED: {
        const reason = event.data.how === 'credited' ? 'credited' : 'paid';
        await closeCase(tx, context, event.data.invoiceId, event.data.customerId, reason);
        return applied;
      }
      case LEDGER_INVOICE_CANCELLED:
        await closeCase(tx, context, event.data.invoiceId, event.data.customerId, 'cancelled');
        return applied;
      case LEDGER_INVOICE_WRITTEN_OFF:
        await closeCase(tx, context, event.data.invoiceId, event.data.customerId, 'written-off');
        return applied;
      case LEDGER_DISPUTE_OPENED:
        return (await pauseCase(tx, context, event.data.invoiceId, { dispute: event.data.disputeId }))
          ? applied
          : { status: 'skipped', reason: 'no open case' };
      case LEDGER_DISPUTE_RESOLVED: {
        const c = await liftPause(tx, context, event.data.invoiceId, { dispute: event.data.disputeId });
        if (!c) return { status: 'skipped', reason: 'no case' };
        // Upheld or adjusted to nothing left: the balance event may already have brought it to zero.
        if (event.data.resolution !== 'rejected' && c.status !== 'closed' && c.balance_minor <= 0n) {
          await closeCase(tx, context, event.data.invoiceId, event.data.customerId, 'credited');
        }
        return applied;
      }
      default:
        return { status: 'skipped', reason: `${event.type} does not concern dunning` };
    }
  };
}
