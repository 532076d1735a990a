import { type TraceFields, traceFieldsOf } from '@dunning/contracts';
import { Queue } from 'bullmq';
import type { Cluster, Redis } from 'ioredis';
import type pg from 'pg';
import { unfinishedDeliveryIds } from '../db/deliveries.queries.ts';

export const DELIVERY_QUEUE = 'notification-deliveries';

/** With tracing on, the trace context of the span that asked for the delivery (the action request's). */
export interface DeliveryJobData extends TraceFields {
  deliveryId: string;
  /** Set when the job was held back (quiet hours, daily cap): delivery time is measured from then. */
  heldUntil?: string;
}

export interface DeliveryQueueOptions {
  connection: Redis | Cluster;
  prefix: string;
  attempts: number;
  backoffMs: number;
}

export type DeliveryQueue = Queue<DeliveryJobData>;

export function createDeliveryQueue(options: DeliveryQueueOptions): DeliveryQueue {
  return new Queue<DeliveryJobData>(DELIVERY_QUEUE, {
    connection: options.connection,
    prefix: options.prefix,
    defaultJobOptions: {
      attempts: options.attempts,
      backoff: { type: 'exponential', delay: options.backoffMs },
      // The delivery row is the record; a finished job is only kept briefly for inspection.
      removeOnComplete: { age: 3600, count: 1000 },
      removeOnFail: { age: 24 * 3600, count: 1000 },
    },
  });
}

/** One job per delivery: the job id is the delivery id, so adding it again is a no-op while it exists. */
export async function enqueueDelivery(queue: DeliveryQueue, deliveryId: string): Promise<void> {
  await queue.add('deliver', { deliveryId, ...traceFieldsOf() }, { jobId: deliveryId });
}

/**
 * Re-queues deliveries that have no outcome yet and no live job: after Redis lost its data, or when a
 * job gave up before the consumer's transaction committed. The job itself skips finished deliveries.
 */
export async function requeueUnfinished(queue: DeliveryQueue, pool: pg.Pool): Promise<number> {
  let requeued = 0;
  for (const deliveryId of await unfinishedDeliveryIds(pool, 1000)) {
    const job = await queue.getJob(deliveryId);
    if (!job) {
      await enqueueDelivery(queue, deliveryId);
      requeued++;
    } else if (await job.isFailed()) {
      await job.retry();
      requeued++;
    }
  }
  return requeued;
}
