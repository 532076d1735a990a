import type { DunningEvent } from '@dunning/contracts';
import type { EventHandler } from '@dunning/kafka';
import { writeProfileChanges } from '../db/profile.queries.ts';
import { dunningEventChanges } from '../domain/profile-rules.ts';

/** Promises to pay, and whether they were kept, feed the payment-behaviour factors. */
export const handleDunningEvent: EventHandler<DunningEvent> = async (event, tx) => {
  const changes = dunningEventChanges(event);
  if (changes.length === 0) {
    return { status: 'skipped', reason: `${event.type} does not change the risk profile` };
  }
  await writeProfileChanges(tx, changes, event.type);
  return { status: 'applied' };
};
