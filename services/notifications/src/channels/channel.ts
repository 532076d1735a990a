import type { Channel } from '@dunning/contracts';
import type { CustomerContact } from '../domain/notice-variables.ts';
import type { RenderedNotice } from '../templates/template-library.ts';

/** One notice ready to go out on a channel. */
export interface OutgoingNotice {
  deliveryId: string;
  /** Derived from the delivery id, so a resend after a crash carries the same Message-ID. */
  messageId: string;
  customer: CustomerContact;
  rendered: RenderedNotice;
}

export interface ChannelReceipt {
  /** What the channel answered (SMTP response, gateway message id); kept in the log. */
  response: string;
}

/** Email, SMS and letter behind one interface; `send` throws DeliveryError on failure. */
export interface NoticeChannel {
  readonly channel: Channel;
  /** Who the notice goes to, or a permanent DeliveryError when the customer cannot be reached this way. */
  recipient(customer: CustomerContact): string;
  send(notice: OutgoingNotice): Promise<ChannelReceipt>;
  close(): Promise<void>;
}

/**
 * A failed hand-over. `permanent` failures (no address, hard bounce, gateway 4xx) are recorded and
 * published at once; transient ones are retried with backoff.
 */
export class DeliveryError extends Error {
  readonly permanent: boolean;

  constructor(message: string, { permanent }: { permanent: boolean }) {
    super(message);
    this.name = 'DeliveryError';
    this.permanent = permanent;
  }
}
