import { NOTIFICATION_FAILED, type NotificationEvent } from '@dunning/contracts';
import type { EventHandler } from '@dunning/kafka';
import type { CommandContext } from '../commands/command-context.ts';
import { addNotificationFailure } from '../db/notification-failures.queries.ts';

/**
 * A notice that could not be delivered is part of the case's audit trail: each invoice it listed
 * gets a `notification-failed` timeline entry (channel, reason, actionId, and the fallback channel and
 * notification when notifications sent the notice another way), once per notification.
 */
export function notificationEventHandler(context: CommandContext): EventHandler<NotificationEvent> {
  return async (event, tx) => {
    if (event.type !== NOTIFICATION_FAILED) {
      return { status: 'skipped', reason: `${event.type} does not concern dunning` };
    }
    const { data } = event;
    const recorded = await addNotificationFailure(
      tx,
      data.invoiceIds,
      {
        notificationId: data.notificationId,
        actionId: data.actionId,
        channel: data.channel,
        step: data.step,
        reason: data.reason,
        permanent: data.permanent,
        failedAt: data.failedAt,
        ...(data.fallbackNotificationId && data.fallbackChannel
          ? { fallbackChannel: data.fallbackChannel, fallbackNotificationId: data.fallbackNotificationId }
          : {}),
      },
      context.now(),
    );
    return recorded.length > 0
      ? { status: 'applied' }
      : { status: 'skipped', reason: 'no case for its invoices, or already recorded' };
  };
}
