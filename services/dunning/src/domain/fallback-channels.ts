import { Channel, type FallbackChannels } from '@dunning/contracts';
import { z } from 'zod';

/**
 * A policy's fallback channels: where a notice goes when its own channel fails for good (bounce, SMS
 * gateway 4xx, opted out). The notifications service sends that one more delivery of the same notice;
 * a channel left out, or null, has none.
 */
export const PolicyFallbackChannels = z
  .strictObject({
    email: Channel.nullable().optional(),
    sms: Channel.nullable().optional(),
    letter: Channel.nullable().optional(),
  })
  .superRefine((map, ctx) => {
    for (const [from, to] of Object.entries(map)) {
      if (from === to) ctx.addIssue({ code: 'custom', path: [from], message: 'must name another channel' });
    }
  });
export type PolicyFallbackChannels = z.infer<typeof PolicyFallbackChannels>;

/** The playbooks' order: an email that cannot reach the customer goes by letter, an SMS by email. */
export const DEFAULT_FALLBACK_CHANNELS: PolicyFallbackChannels = { email: 'letter', sms: 'email' };

/**
 * The fallbacks a notice carries: the policy's, without those to a channel its step sends on anyway
 * (a step with email and letter already prints the letter; a bounce must not print a second one).
 */
export function noticeFallbacks(
  policy: PolicyFallbackChannels | undefined,
  stepChannels: readonly Channel[],
): FallbackChannels {
  const result: FallbackChannels = {};
  for (const from of Channel.options) {
    const to = policy?.[from];
    if (to && to !== from && !stepChannels.includes(to)) result[from] = to;
  }
  return result;
}
