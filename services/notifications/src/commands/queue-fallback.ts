import type { Channel } from '@dunning/contracts';
import type pg from 'pg';
import {
  actionChannels,
  type DeliveryRow,
  findDelivery,
  insertFallbackDelivery,
} from '../db/deliveries.queries.ts';
import { fallbackDeliveryIdFor } from '../domain/delivery-id.ts';
import { fallbackChannel } from '../domain/fallback.ts';

export interface QueuedFallback {
  deliveryId: string;
  channel: Channel;
}

/**
 * In the transaction that records a delivery as failed for good: the same notice as a new delivery on
 * the action's fallback channel, if it names one not tried yet. The caller queues its job after the
 * commit (a crash in between leaves it pending, and the minute sweep queues it).
 */
export async function queueFallback(
  tx: pg.PoolClient,
  failed: DeliveryRow,
): Promise<QueuedFallback | undefined> {
  const channel = fallbackChannel({
    fallbackChannels: failed.action.fallbackChannels,
    channel: failed.channel,
    tried: await actionChannels(tx, failed.action_id),
  });
  if (!channel) return undefined;
  const deliveryId = fallbackDeliveryIdFor(failed.delivery_id, channel);
  if (await insertFallbackDelivery(tx, deliveryId, failed, channel)) return { deliveryId, channel };
  // Not inserted: it exists already (same id), or a concurrent fallback took that channel.
  return (await findDelivery(tx, deliveryId)) ? { deliveryId, channel } : undefined;
}
