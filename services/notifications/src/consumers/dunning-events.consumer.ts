import { DUNNING_ACTION_REQUESTED, type DunningEvent } from '@dunning/contracts';
import type { EventHandler } from '@dunning/kafka';
import { insertDelivery } from '../db/deliveries.queries.ts';
import { deliveryIdFor } from '../domain/delivery-id.ts';
import { type DeliveryQueue, enqueueDelivery } from '../jobs/delivery-queue.ts';

/**
 * Each dunning.action.requested becomes one delivery row (unique per action and channel) and one job.
 * The job is queued inside the transaction: if the commit then fails, the event is redelivered and
 * the job, finding no row for a while, is retried; the job id makes the second add a no-op.
 */
export function handleDunningEvent(queue: DeliveryQueue): EventHandler<DunningEvent> {
  return async (event, tx) => {
    if (event.type !== DUNNING_ACTION_REQUESTED) return { status: 'skipped', reason: 'not a notice' };
    const deliveryId = deliveryIdFor(event.data.actionId, event.data.channel);
    if (!(await insertDelivery(tx, deliveryId, event.data))) {
      return { status: 'skipped', reason: 'delivery exists for this action and channel' };
    }
    await enqueueDelivery(queue, deliveryId);
    return { status: 'applied' };
  };
}
