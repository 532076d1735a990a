import { z } from 'zod';

/** Free text of at most `max` characters that is not blank. */
export function text(max: number) {
  return z.string().max(max, { abort: true }).regex(/\S/, 'must not be blank');
}

/** Names of people, companies, streets. */
export const Name = text(200);

/** Why something happened (a cancellation, a dispute...). */
export const Reason = text(1000);
