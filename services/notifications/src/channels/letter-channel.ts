import { addressLines, type CustomerContact } from '../domain/notice-variables.ts';
import type { ChannelReceipt, NoticeChannel } from './channel.ts';

/**
 * A letter is "delivered" when its PDF is rendered and stored as evidence (the print room takes it
 * from GET /v1/letters/:id); the job renders the PDF, so sending only confirms the addressee.
 */
export function createLetterChannel(): NoticeChannel {
  return {
    channel: 'letter',
    recipient(customer: CustomerContact): string {
      return addressLines(customer.name, customer.address).join(', ');
    },
    async send(): Promise<ChannelReceipt> {
      return { response: 'letter stored for printing' };
    },
    async close() {},
  };
}
