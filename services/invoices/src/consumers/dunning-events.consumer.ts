import { DUNNING_CHARGE_LEVIED, DUNNING_TASK_OUTCOME_RECORDED, type DunningEvent } from '@dunning/contracts';
import type { EventHandler } from '@dunning/kafka';
import { bookCharge } from '../commands/book-charge.ts';
import type { CommandContext } from '../commands/command-context.ts';
import { recordOverdueReasons } from '../db/report-facts.queries.ts';

/**
 * The ledger hears two things from dunning: the charges its notices levy, each booked once as a
 * `charge` item of the customer, and the overdue reasons collectors record with a task's outcome, kept
 * per invoice for the overdue-reasons report. Every other dunning event is someone else's business.
 */
export function dunningEventHandler(context: CommandContext): EventHandler<DunningEvent> {
  return async (event, tx) => {
    if (event.type === DUNNING_TASK_OUTCOME_RECORDED) {
      const { overdueReason, invoiceIds, customerId, recordedAt } = event.data;
      if (overdueReason === null) return { status: 'skipped', reason: 'the outcome names no overdue reason' };
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
    if (event.type !== DUNNING_CHARGE_LEVIED) {
      return { status: 'skipped', reason: `${event.type} does not concern the ledger` };
    }
    const outcome = await bookCharge(tx, context, event.data, event.id);
    return outcome === 'booked'
      ? { status: 'applied' }
      : { status: 'skipped', reason: `charge ${event.data.chargeId} is booked already` };
  };
}
