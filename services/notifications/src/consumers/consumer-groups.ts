import { DunningEvent, LedgerEvent, Topics } from '@dunning/contracts';
import { consumer } from '@dunning/service-host';
import type { DeliveryQueue } from '../jobs/delivery-queue.ts';
import { handleDunningEvent } from './dunning-events.consumer.ts';
import { handleLedgerEvent } from './ledger-events.consumer.ts';

export const SERVICE_NAME = 'notifications';

/** The customer directory's consumer; the replay command rebuilds the directory from the same one. */
export function directoryConsumer() {
  return consumer<LedgerEvent>({
    group: 'customer-directory',
    topic: Topics.ledgerEvents,
    contract: LedgerEvent,
    handle: handleLedgerEvent(),
  });
}

/** Dunning actions that ask for a notice become deliveries on the queue. */
export function actionsConsumer(queue: DeliveryQueue) {
  return consumer<DunningEvent>({
    group: 'dunning-actions',
    topic: Topics.dunningEvents,
    contract: DunningEvent,
    handle: handleDunningEvent(queue),
  });
}
