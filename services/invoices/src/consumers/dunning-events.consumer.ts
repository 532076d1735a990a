import { DUNNING_CHARGE_LEVIED, type DunningEvent } from '@dunning/contracts';
import type { EventHandler } from '@dunning/kafka';
import { bookCharge } from '../commands/book-charge.ts';
import type { CommandContext } from '../commands/command-context.ts';

/**
 * The ledger hears one thing from dunning: the charges its notices levy, each booked once as a
 * `charge` item of the customer. Every other dunning event is someone else's business.
 */
export function dunningEventHandler(context: CommandContext): EventHandler<DunningEvent> {
  return async (event, tx) => {
    if (event.type !== DUNNING_CHARGE_LEVIED) {
      return { status: 'skipped', reason: `${event.type} does not concern the ledger` };
    }
    const outcome = await bookCharge(tx, context, event.data, event.id);
    return outcome === 'booked'
      ? { status: 'applied' }
      : { status: 'skipped', reason: `charge ${event.data.chargeId} is booked already` };
  };
}
