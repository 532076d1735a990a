import type { DeliveriesReport } from '../clients/types.ts';

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
 * Deliveries and failures per channel from notifications' counts for the period; the shipped
 * channels always appear, in a fixed order, others after them by name.
 */
export function deliveriesByChannel(channels: DeliveriesReport['channels']): ChannelCounts[] {
  const counts = new Map<string, ChannelCounts>();
  for (const channel of CHANNEL_ORDER)
    counts.set(channel, { channel, sent: 0, failed: 0, other: 0, total: 0 });
  for (const { channel, counts: c } of channels) {
    const row = counts.get(channel) ?? { channel, sent: 0, failed: 0, other: 0, total: 0 };
    row.sent += c.sent;
    row.failed += c.failed;
    row.other += c.pending + c.dropped;
    row.total = row.sent + row.failed + row.other;
    counts.set(channel, row);
  }
  const rank = (channel: string) => {
    const i = CHANNEL_ORDER.indexOf(channel);
    return i === -1 ? CHANNEL_ORDER.length : i;
  };
  return [...counts.values()].sort(
    (a, b) => rank(a.channel) - rank(b.channel) || a.channel.localeCompare(b.channel),
  );
}
