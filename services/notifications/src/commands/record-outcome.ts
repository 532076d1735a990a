import { createHash } from 'node:crypto';
import {
  createEvent,
  NOTIFICATION_DELIVERED,
  NOTIFICATION_DROPPED,
  NOTIFICATION_FAILED,
} from '@dunning/contracts';
import { writeToOutbox } from '@dunning/outbox';
import { withTransaction } from '@dunning/pg';
import type pg from 'pg';
import {
  type DeliveryRow,
  markBounced,
  markDropped,
  markFailed,
  markSent,
} from '../db/deliveries.queries.ts';
import { storeLetter } from '../db/letters.queries.ts';
import type { DropReason } from '../domain/invoice-balance.ts';
import { type QueuedFallback, queueFallback } from './queue-fallback.ts';

export const NOTIFICATIONS_SOURCE = '/services/notifications';

export interface OutcomeContext {
  pool: pg.Pool;
  schema: string;
  /** Full name of notifications.events.v1 (with any prefix). */
  topic: string;
}

function notice(delivery: DeliveryRow) {
  return {
    notificationId: delivery.delivery_id,
    actionId: delivery.action_id,
    customerId: delivery.customer_id,
    invoiceIds: delivery.invoice_ids,
    channel: delivery.channel,
    step: delivery.step,
    ...(delivery.fallback_of ? { fallbackOf: delivery.fallback_of } : {}),
  };
}

/** Marks the delivery sent (storing the letter as evidence) and publishes notification.delivered. */
export async function recordDelivered(
  context: OutcomeContext,
  delivery: DeliveryRow,
  sentAt: Date,
  letter?: Buffer,
): Promise<boolean> {
  return withTransaction(context.pool, async (tx) => {
    if (!(await markSent(tx, delivery.delivery_id, sentAt))) return false;
    if (letter) {
      const sha256 = createHash('sha256').update(letter).digest('hex');
      await storeLetter(tx, delivery.delivery_id, letter, sha256);
    }
    const event = createEvent({
      type: NOTIFICATION_DELIVERED,
      source: NOTIFICATIONS_SOURCE,
      subject: delivery.customer_id,
      id: `${delivery.delivery_id}.delivered`,
      time: sentAt.toISOString(),
      data: { ...notice(delivery), locale: delivery.locale ?? 'en', sentAt: sentAt.toISOString() },
    });
    await writeToOutbox(tx, context.schema, [{ topic: context.topic, key: delivery.customer_id, event }]);
    return true;
  });
}

export interface FailureRecorded {
  /** The fallback delivery queued with the failure: the caller enqueues its job. */
  fallback: QueuedFallback | undefined;
}

/**
 * Marks the delivery failed and publishes notification.failed. A permanent failure queues the same
 * notice on the action's fallback channel in the same transaction, named in the event. Undefined when
 * the delivery already had an outcome (so a retried job never queues a second fallback).
 */
export async function recordFailed(
  context: OutcomeContext,
  delivery: DeliveryRow,
  failure: { reason: string; permanent: boolean; failedAt: Date },
): Promise<FailureRecorded | undefined> {
  return withTransaction(context.pool, async (tx) => {
    if (!(await markFailed(tx, delivery.delivery_id, failure))) return undefined;
    return publishFailure(tx, context, delivery, failure);
  });
}

/**
 * The mail provider reported a sent email as bounced: failed for good, published, and sent once more on
 * the fallback channel, like a hard bounce at the SMTP hand-over. Undefined when it is not a sent email
 * (or the bounce was reported before).
 */
export async function recordBounced(
  context: OutcomeContext,
  delivery: DeliveryRow,
  bounce: { reason: string; bouncedAt: Date },
): Promise<FailureRecorded | undefined> {
  const reason = `bounced: ${bounce.reason}`.slice(0, 1000);
  return withTransaction(context.pool, async (tx) => {
    if (!(await markBounced(tx, delivery.delivery_id, { reason, bouncedAt: bounce.bouncedAt })))
      return undefined;
    return publishFailure(tx, context, delivery, { reason, permanent: true, failedAt: bounce.bouncedAt });
  });
}

async function publishFailure(
  tx: pg.PoolClient,
  context: OutcomeContext,
  delivery: DeliveryRow,
  failure: { reason: string; permanent: boolean; failedAt: Date },
): Promise<FailureRecorded> {
  const fallback = failure.permanent ? await queueFallback(tx, delivery) : undefined;
  const event = createEvent({
    type: NOTIFICATION_FAILED,
    source: NOTIFICATIONS_SOURCE,
    subject: delivery.customer_id,
    id: `${delivery.delivery_id}.failed`,
    time: failure.failedAt.toISOString(),
    data: {
      ...notice(delivery),
      reason: failure.reason.slice(0, 1000),
      permanent: failure.permanent,
      failedAt: failure.failedAt.toISOString(),
      ...(fallback ? { fallbackNotificationId: fallback.deliveryId, fallbackChannel: fallback.channel } : {}),
    },
  });
  await writeToOutbox(tx, context.schema, [{ topic: context.topic, key: delivery.customer_id, event }]);
  return { fallback };
}

/** Marks the delivery dropped and publishes notification.dropped (evidence that it was not sent, and why). */
export async function recordDropped(
  context: OutcomeContext,
  delivery: DeliveryRow,
  drop: { reason: DropReason; droppedAt: Date },
): Promise<boolean> {
  return withTransaction(context.pool, async (tx) => {
    if (!(await markDropped(tx, delivery.delivery_id, drop))) return false;
    const event = createEvent({
      type: NOTIFICATION_DROPPED,
      source: NOTIFICATIONS_SOURCE,
      subject: delivery.customer_id,
      id: `${delivery.delivery_id}.dropped`,
      time: drop.droppedAt.toISOString(),
      data: { ...notice(delivery), reason: drop.reason, droppedAt: drop.droppedAt.toISOString() },
    });
    await writeToOutbox(tx, context.schema, [{ topic: context.topic, key: delivery.customer_id, event }]);
    return true;
  });
}
