import type { NotificationsConfig } from '../config.ts';
import type { CustomerContact } from '../domain/notice-variables.ts';
import { type ChannelReceipt, DeliveryError, type NoticeChannel, type OutgoingNotice } from './channel.ts';

/**
 * SMS through an HTTP gateway: POST { to, text, reference } as JSON. The delivery id is sent as
 * `reference` and `Idempotency-Key`, so a gateway that honours it drops a resend after a crash.
 * 4xx means the gateway will never take this message (bad number, rejected text): permanent.
 */
export function createSmsChannel(config: NotificationsConfig): NoticeChannel {
  return {
    channel: 'sms',
    recipient(customer: CustomerContact): string {
      if (!customer.phone) throw new DeliveryError('customer has no phone number', { permanent: true });
      return customer.phone;
    },
    async send(notice: OutgoingNotice): Promise<ChannelReceipt> {
      if (!config.SMS_GATEWAY_URL) {
        throw new DeliveryError('no SMS gateway configured (SMS_GATEWAY_URL)', { permanent: true });
      }
      let response: Response;
      try {
        response = await fetch(config.SMS_GATEWAY_URL, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'idempotency-key': notice.deliveryId,
            ...(config.SMS_GATEWAY_TOKEN ? { authorization: `Bearer ${config.SMS_GATEWAY_TOKEN}` } : {}),
          },
          body: JSON.stringify({
            to: this.recipient(notice.customer),
            text: notice.rendered.sms,
            reference: notice.deliveryId,
          }),
          signal: AbortSignal.timeout(config.SMS_GATEWAY_TIMEOUT_MS),
        });
      } catch (error) {
        throw new DeliveryError(`sms gateway unreachable: ${(error as Error).message}`, { permanent: false });
      }
      const body = (await response.text()).slice(0, 500);
      if (response.ok) return { response: `${response.status} ${body}`.trim() };
      const permanent = response.status >= 400 && response.status < 500 && response.status !== 429;
      throw new DeliveryError(`sms gateway answered ${response.status}: ${body}`, { permanent });
    },
    async close() {},
  };
}
