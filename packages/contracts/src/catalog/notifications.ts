import {
  NOTIFICATION_DELIVERED,
  NOTIFICATION_DROPPED,
  NOTIFICATION_FAILED,
  NotificationDeliveredEvent,
  NotificationDroppedEvent,
  NotificationFailedEvent,
} from '../notification-events.ts';
import { Topics } from '../topics.ts';
import type { TopicSpec } from './spec.ts';

/** The notifications topic of the catalog: who publishes on it and every event type it carries. */
export const NotificationsTopic = {
  topic: Topics.notificationsEvents,
  publisher: 'notifications service',
  description: 'Notices sent (email, SMS, PDF letters) and their delivery.',
  events: [
    {
      type: NOTIFICATION_DELIVERED,
      schema: NotificationDeliveredEvent,
      description: 'A notice was handed over to its channel.',
    },
    {
      type: NOTIFICATION_FAILED,
      schema: NotificationFailedEvent,
      description: 'A notice could not be delivered, permanently or for now (and where it went instead).',
    },
    {
      type: NOTIFICATION_DROPPED,
      schema: NotificationDroppedEvent,
      description: 'A notice was not sent: none of its invoices had a balance left.',
    },
  ],
} as const satisfies TopicSpec;
