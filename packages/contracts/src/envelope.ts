import { z } from 'zod';
import { Instant } from './time.ts';
import { traceAttributes } from './trace-context.ts';

/** The event id: unique per event, and the idempotency key of every consumer. */
export const EventId = z.string().min(1).max(200);

// Unknown envelope attributes (other CloudEvents extensions) are dropped rather than rejected, so
// producers may add them; the data of every event stays strict.
const attributes = {
  specversion: z.literal('1.0'),
  id: EventId,
  source: z.string().min(1).max(500).meta({ description: 'URI-reference of the producer' }),
  type: z.string().min(1).max(200),
  time: Instant,
  subject: z.string().min(1).max(200).optional(),
  datacontenttype: z.literal('application/json').optional(),
  ...traceAttributes,
};

/** Any CloudEvents 1.0 envelope of the platform, its data not yet checked. */
export const CloudEventEnvelope = z.object({ ...attributes, data: z.unknown() });
export type CloudEventEnvelope = z.infer<typeof CloudEventEnvelope>;

/** A CloudEvents 1.0 envelope of event type `T` carrying `D`. */
export type CloudEvent<T extends string, D> = Omit<CloudEventEnvelope, 'type' | 'data'> & {
  type: T;
  data: D;
};

/** The schema of the full envelope of one event type. */
export function cloudEventSchema<const T extends string, D extends z.ZodType>(type: T, data: D) {
  return z.object({ ...attributes, type: z.literal(type), data });
}
