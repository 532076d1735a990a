import type { NotificationSummary } from '../clients/types.ts';

export interface ChannelCounts {
  channel: string;
  sent: number;
  failed: number;
  /** Pending or dropped (outside the send window, over a cap, superseded). */
  other: number;
  total: number;
}

const CHANNEL_ORDER = ['email', 'sms', 'letter'];

/**
 * Deliveries and failures per channel among the notices given (the newest page notifications
 * answers); the shipped channels always appear, in a fixed order, others after them by name.
 */
export function deliveriesByChannel(
  items: readonly Pick<NotificationSummary, 'channel' | 'status'>[],
): ChannelCounts[] {
  const counts = new Map<string, ChannelCounts>();
  const row = (channel: string) => {
    let found = counts.get(channel);
    if (!found) {
      found = { channel, sent: 0, failed: 0, other: 0, total: 0 };
      counts.set(channel, found);
    }
    return found;
  };
  for (const channel of CHANNEL_ORDER) row(channel);
  for (const item of items) {
    const r = row(item.channel);
    if (item.status === 'sent') r.sent++;
    else if (item.status === 'failed') r.failed++;
    else r.other++;
    r.total++;
  }
  const rank = (channel: string) => {
    const i = CHANNEL_ORDER.indexOf(channel);
    return i === -1 ? CHANNEL_ORDER.length : i;
  };
  return [...counts.values()].sort(
    (a, b) => rank(a.channel) - rank(b.channel) || a.channel.localeCompare(b.channel),
  );
}
