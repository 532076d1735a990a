import {
  DUNNING_CHARGE_LEVIED,
  DUNNING_PROMISE_BROKEN,
  DUNNING_PROMISE_KEPT,
  DUNNING_PROMISE_RECORDED,
  DUNNING_TASK_OUTCOME_RECORDED,
  type DunningEvent,
  toMinorUnits,
} from '@dunning/contracts';
import type { EventHandler } from '@dunning/kafka';
import { bookCharge } from '../commands/book-charge.ts';
import type { CommandContext } from '../commands/command-context.ts';
import { type PromiseFact, recordPromise, resolvePromise } from '../db/promises.queries.ts';
import { recordOverdueReasons } from '../db/report-facts.queries.ts';

type PromiseData = Omit<PromiseFact, 'amountMinor'> & { amount: string };

function promiseFact(data: PromiseData): PromiseFact {
  return {
    promiseId: data.promiseId,
    customerId: data.customerId,
    invoiceIds: data.invoiceIds,
    currency: data.currency,
    amountMinor: toMinorUnits(data.amount, data.currency),
    promisedDate: data.promisedDate,
  };
}

/**
 * The ledger hears three things from dunning: the charges its notices levy, each booked once as a
 * `charge` item of the customer; the overdue reasons collectors record with a task's outcome, kept per
 * invoice for the overdue-reasons report; and promises to pay with how they turned out, kept for the
 * cash-flow forecast (no money moves). Every other dunning event is someone else's business.
 */
export function dunningEventHandler(context: CommandContext): EventHandler<DunningEvent> {
  return async (event, tx) => {
    switch (event.type) {
      case DUNNING_CHARGE_LEVIED: {
        const outcome = await bookCharge(tx, context, event.data, event.id);
        return outcome === 'booked'
          ? { status: 'applied' }
          : { status: 'skipped', reason: `charge ${event.data.chargeId} is booked already` };
      }
      case DUNNING_TASK_OUTCOME_RECORDED: {
        const { overdueReason, invoiceIds, customerId, recordedAt } = event.data;
        if (overdueReason === null)
          return { status: 'skipped', reason: 'the outcome names no overdue reason' };
        // Keyed by the event: a task can be re-classified later, and each classification is kept.
        const recorded = await recordOverdueReasons(tx, {
          invoiceIds,
          customerId,
          reason: overdueReason,
          source: 'task',
          sourceId: event.id,
          recordedAt,
        });
        return recorded > 0
          ? { status: 'applied' }
          : { status: 'skipped', reason: `outcome ${event.id} is recorded already` };
      }
      case DUNNING_PROMISE_RECORDED:
        return (await recordPromise(tx, promiseFact(event.data), new Date(event.data.recordedAt)))
          ? { status: 'applied' }
          : { status: 'skipped', reason: `promise ${event.data.promiseId} is known already` };
      case DUNNING_PROMISE_KEPT:
      case DUNNING_PROMISE_BROKEN: {
        const status = event.type === DUNNING_PROMISE_KEPT ? 'kept' : 'broken';
        return (await resolvePromise(tx, promiseFact(event.data), status, new Date(event.data.at)))
          ? { status: 'applied' }
          : { status: 'skipped', reason: `promise ${event.data.promiseId} is resolved already` };
      }
      default:
        return { status: 'skipped', reason: `${event.type} does not concern the ledger` };
    }
  };
}
