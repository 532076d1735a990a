import type { Channel, FallbackChannels } from '@dunning/contracts';

export interface FallbackInput {
  /** The policy's fallback channels, as the action carried them (absent: no fallback). */
  fallbackChannels: FallbackChannels | undefined;
  /** The channel that failed for good. */
  channel: Channel;
  /** Channels the same action already went (or tried to go) out on, the failed one included. */
  tried: readonly Channel[];
}

/**
 * Where a notice goes after its channel failed for good, or undefined. Never a channel the action
 * already tried: sms → email → letter follows the policy, but email → sms → email (or an email that
 * falls back to a letter its step printed anyway) stops, so fallbacks never loop.
 */
export function fallbackChannel({ fallbackChannels, channel, tried }: FallbackInput): Channel | undefined {
  const next = fallbackChannels?.[channel];
  if (!next || next === channel || tried.includes(next)) return undefined;
  return next;
}
