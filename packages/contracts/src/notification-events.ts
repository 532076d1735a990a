import { z } from 'zod';
import { Channel, StepName } from './dunning/action.ts';
import { cloudEventSchema } from './envelope.ts';
import { EntityId, entityIdList } from './ids.ts';
import { Reason } from './text.ts';
import { Instant, Locale } from './time.ts';

export const NOTIFICATION_DELIVERED = 'notification.delivered';
export const NOTIFICATION_FAILED = 'notification.failed';
export const NOTIFICATION_DROPPED = 'notification.dropped';

// What every notification event says about the notice: which dunning action it carried out, and how.
const noticeShape = {
  notificationId: EntityId,
  actionId: EntityId.meta({ description: 'The actionId of the dunning.action.requested it carries out' }),
  customerId: EntityId,
  invoiceIds: entityIdList(1),
  channel: Channel,
  step: StepName,
  fallbackOf: EntityId.meta({
    description: 'Set on a fallback delivery: the notificationId of the delivery that failed for good',
  }).optional(),
};

/** A notice was handed over to its channel (SMTP server, SMS gateway, letter printed). */
export const NotificationDeliveredData = z.strictObject({ ...noticeShape, locale: Locale, sentAt: Instant });
export type NotificationDeliveredData = z.infer<typeof NotificationDeliveredData>;

export const NotificationDeliveredEvent = cloudEventSchema(NOTIFICATION_DELIVERED, NotificationDeliveredData);
export type NotificationDeliveredEvent = z.infer<typeof NotificationDeliveredEvent>;

/**
 * A notice could not be delivered; `permanent` says retrying will not help (no email address, hard
 * bounce, gateway 4xx, opted out). When the action named a fallback channel, the same notice was queued
 * there in the same transaction: `fallbackNotificationId`, `fallbackChannel`.
 */
export const NotificationFailedData = z.strictObject({
  ...noticeShape,
  reason: Reason,
  permanent: z.boolean(),
  failedAt: Instant,
  fallbackNotificationId: EntityId.meta({
    description: 'The delivery of the same notice on the fallback channel, queued with this failure',
  }).optional(),
  fallbackChannel: Channel.optional(),
});
export type NotificationFailedData = z.infer<typeof NotificationFailedData>;

export const NotificationFailedEvent = cloudEventSchema(NOTIFICATION_FAILED, NotificationFailedData);
export type NotificationFailedEvent = z.infer<typeof NotificationFailedEvent>;

/**
 * A notice was not sent because it was no longer due when its turn came: `settled` = none of its
 * invoices had a balance left (paid, credited, cancelled or written off). Not a failure: nothing to
 * fall back to.
 */
export const NotificationDroppedData = z.strictObject({
  ...noticeShape,
  reason: z.enum(['settled']),
  droppedAt: Instant,
});
export type NotificationDroppedData = z.infer<typeof NotificationDroppedData>;

export const NotificationDroppedEvent = cloudEventSchema(NOTIFICATION_DROPPED, NotificationDroppedData);
export type NotificationDroppedEvent = z.infer<typeof NotificationDroppedEvent>;
