import { type Channel, isCompressed, localParts } from '@dunning/contracts';

/** What a customer asked for (PUT /v1/customers/:customerId/contact-preferences). */
export interface ContactPreferences {
  /** Channels the customer does not want; letters cannot be refused. */
  optedOutChannels: ('email' | 'sms')[];
  /** The customer's own quiet hours, local time [start, end); else the service default. */
  quietHours?: QuietHours | undefined;
  /** The customer's own cap of emails + SMS per day; else the service default. */
  dailyCap?: number | undefined;
}

export interface QuietHours {
  start: number;
  end: number;
}

export interface ContactRuleInput {
  channel: Channel;
  preferences: ContactPreferences | undefined;
  timeZone: string;
  now: Date;
  dayMs: number;
  defaultQuietHours: QuietHours;
  defaultDailyCap: number;
  /** When this customer's capped notices went out in the last dayMs, oldest first. */
  recentSends: Date[];
}

export type ContactDecision =
  | { kind: 'send' }
  | { kind: 'refuse'; reason: string }
  | { kind: 'defer'; until: Date; reason: string };

const cappedChannels: ReadonlySet<Channel> = new Set(['email', 'sms']);

export function isQuiet(hour: number, { start, end }: QuietHours): boolean {
  if (start === end) return false;
  return start < end ? hour >= start && hour < end : hour >= start || hour < end;
}

/**
 * Whether a notice may go out now. Opt-outs refuse: a permanent failure, so the notice goes out on
 * the policy's fallback channel; quiet hours and the daily cap only defer. Quiet hours apply with
 * real days only (a DAY_MS of a day or longer): with a compressed DAY_MS a "night" lasts seconds and
 * a wall clock means nothing. Letters are printed, so neither quiet hours nor the cap holds them back.
 */
export function decideContact(input: ContactRuleInput): ContactDecision {
  const { channel, preferences, now } = input;
  if (channel !== 'letter' && preferences?.optedOutChannels.includes(channel)) {
    return { kind: 'refuse', reason: `customer opted out of ${channel}` };
  }
  if (!cappedChannels.has(channel)) return { kind: 'send' };
  const quietHours = preferences?.quietHours ?? input.defaultQuietHours;
  if (!isCompressed(input.dayMs)) {
    const { hour, minute } = localParts(now, input.timeZone);
    if (isQuiet(hour, quietHours)) {
      const minutesLeft = ((quietHours.end - hour + 24) % 24) * 60 - minute;
      return {
        kind: 'defer',
        until: new Date(now.getTime() + minutesLeft * 60_000),
        reason: `quiet hours ${quietHours.start}:00-${quietHours.end}:00 in ${input.timeZone}`,
      };
    }
  }
  const cap = preferences?.dailyCap ?? input.defaultDailyCap;
  if (input.recentSends.length >= cap) {
    const oldestCounted = input.recentSends[input.recentSends.length - cap] ?? now;
    return {
      kind: 'defer',
      until: new Date(oldestCounted.getTime() + input.dayMs),
      reason: `daily cap of ${cap} notices reached`,
    };
  }
  return { kind: 'send' };
}
