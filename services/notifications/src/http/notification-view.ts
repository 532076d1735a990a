import { Channel, Locale } from '@dunning/contracts';
import { z } from 'zod';
import type { DeliveryRow } from '../db/deliveries.queries.ts';

export const NotificationStatus = z.enum(['pending', 'sent', 'failed', 'dropped']).meta({
  description:
    'pending: not sent yet; sent; failed; dropped: not sent because none of its invoices had a balance left when its turn came',
});

export const NotificationSummary = z.object({
  id: z.string(),
  actionId: z.string(),
  customerId: z.string(),
  invoiceIds: z.array(z.string()),
  channel: Channel,
  step: z.string(),
  templateKey: z.string(),
  locale: Locale.nullable().meta({ description: 'Null until the notice is rendered' }),
  status: NotificationStatus,
  recipient: z.string().nullable(),
  attempts: z.int(),
  requestedAt: z.string(),
  sentAt: z.string().nullable(),
  failedAt: z.string().nullable(),
  failureReason: z.string().nullable(),
  permanentFailure: z.boolean().nullable(),
  droppedAt: z.string().nullable(),
  dropReason: z.enum(['settled']).nullable().meta({
    description: 'settled: every invoice of the notice was paid, credited, cancelled or written off',
  }),
  letterUrl: z.string().nullable().meta({ description: 'GET this for the PDF of a sent letter' }),
  fallbackDeliveryId: z.string().nullable().meta({
    description:
      "The delivery of the same notice on the policy's fallback channel, queued when this one failed for good",
  }),
  fallbackOf: z.string().nullable().meta({
    description: 'On a fallback delivery: the id of the delivery that failed for good',
  }),
  bouncedAt: z.string().nullable().meta({
    description: 'When the mail provider reported this email as bounced (POST /v1/notifications/:id/bounce)',
  }),
});

export const NotificationDetail = NotificationSummary.extend({
  subject: z.string().nullable().meta({ description: 'Email subject (null for SMS and letters)' }),
  body: z.string().nullable().meta({ description: 'Plain-text body of the email, or the SMS text' }),
  html: z.string().nullable(),
  messageId: z.string().nullable(),
});

/** 'sending' (handed to the channel, outcome not yet recorded) is still pending to a reader. */
export function notificationSummary(row: DeliveryRow): z.infer<typeof NotificationSummary> {
  return {
    id: row.delivery_id,
    actionId: row.action_id,
    customerId: row.customer_id,
    invoiceIds: row.invoice_ids,
    channel: row.channel,
    step: row.step,
    templateKey: row.template_key,
    locale: row.locale,
    status: row.status === 'sending' ? 'pending' : row.status,
    recipient: row.recipient,
    attempts: row.attempts,
    requestedAt: row.requested_at.toISOString(),
    sentAt: row.sent_at?.toISOString() ?? null,
    failedAt: row.failed_at?.toISOString() ?? null,
    failureReason: row.failure_reason,
    permanentFailure: row.permanent_failure,
    droppedAt: row.dropped_at?.toISOString() ?? null,
    dropReason: row.drop_reason === 'settled' ? 'settled' : null,
    letterUrl: row.channel === 'letter' && row.status === 'sent' ? `/v1/letters/${row.delivery_id}` : null,
    fallbackDeliveryId: row.fallback_delivery_id,
    fallbackOf: row.fallback_of,
    bouncedAt: row.bounced_at?.toISOString() ?? null,
  };
}

export function notificationDetail(row: DeliveryRow): z.infer<typeof NotificationDetail> {
  return {
    ...notificationSummary(row),
    subject: row.channel === 'email' ? row.subject : null,
    body: row.channel === 'letter' ? null : row.body_text,
    html: row.body_html,
    messageId: row.channel === 'email' ? row.message_id : null,
  };
}
