import {
  DUNNING_PROMISE_BROKEN,
  DUNNING_PROMISE_KEPT,
  DUNNING_PROMISE_RECORDED,
  type DunningEvent,
} from '@dunning/contracts';
import type { EventHandler } from '@dunning/kafka';
import { markCustomerDirty } from '../db/customers.queries.ts';
import { recordPromise, recordPromiseOutcome } from '../db/profile.queries.ts';

/** Promises to pay, and whether they were kept, feed the payment-behaviour factors. */
export const handleDunningEvent: EventHandler<DunningEvent> = async (event, tx) => {
  switch (event.type) {
    case DUNNING_PROMISE_RECORDED:
      await recordPromise(tx, {
        promiseId: event.data.promiseId,
        customerId: event.data.customerId,
        recordedAt: event.data.recordedAt,
      });
      break;
    case DUNNING_PROMISE_KEPT:
    case DUNNING_PROMISE_BROKEN:
      await recordPromiseOutcome(tx, {
        promiseId: event.data.promiseId,
        customerId: event.data.customerId,
        outcome: event.type === DUNNING_PROMISE_KEPT ? 'kept' : 'broken',
        at: event.data.at,
      });
      break;
    default:
      return { status: 'skipped', reason: `${event.type} does not change the risk profile` };
  }
  await markCustomerDirty(tx, {
    customerId: event.data.customerId,
    trigger: event.type,
    seenAt: new Date(event.time),
  });
  return { status: 'applied' };
};
