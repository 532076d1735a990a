import { createHash } from 'node:crypto';
import type { Channel } from '@dunning/contracts';

/**
 * The delivery of one action on one channel has one id, derived from both, so every replay of the
 * action lands on the same row, BullMQ job and Message-ID. Only [a-z0-9-]: valid as a job id (no ':').
 */
export function deliveryIdFor(actionId: string, channel: Channel): string {
  return `ntf-${createHash('sha256').update(`${actionId}\u0000${channel}`).digest('hex').slice(0, 32)}`;
}

/** RFC 5322 Message-ID of the delivery's email: the same on every resend. */
export function messageIdFor(deliveryId: string): string {
  return `<${deliveryId}@notifications.dunning.invalid>`;
}

/**
 * The fallback of a delivery on another channel: derived from the failed delivery, so a retried job,
 * a redelivered event or a second bounce report all name the same row and job (never two letters).
 */
export function fallbackDeliveryIdFor(deliveryId: string, channel: Channel): string {
  return `ntf-${createHash('sha256').update(`${deliveryId}\u0000fallback\u0000${channel}`).digest('hex').slice(0, 32)}`;
}
