import { randomUUID } from 'node:crypto';
import { eventSpec, type KnownEvent, type KnownEventType } from './catalog.ts';
import { traceFieldsOf } from './trace-context.ts';

type EventOf<T extends KnownEventType> = Extract<KnownEvent, { type: T }>;

export interface CreateEventInput<T extends KnownEventType> {
  type: T;
  /** URI-reference of the producer, e.g. "/services/invoices" or "erp://sap-prod". */
  source: string;
  /** What the event is about, e.g. the invoice id. */
  subject?: string;
  data: EventOf<T>['data'];
  /** Defaults to a random UUID; pass a stable id to make a retried publication idempotent. */
  id?: string;
  /** Defaults to now. */
  time?: string;
}

/**
 * Builds the CloudEvents envelope of a catalogued event type and validates it, so an event that breaks
 * its own contract fails at its producer instead of in every consumer's dead-letter topic. When a span is
 * active (tracing on), its trace context goes into the `traceparent`/`tracestate` attributes.
 */
export function createEvent<T extends KnownEventType>(input: CreateEventInput<T>): EventOf<T> {
  const spec = eventSpec(input.type);
  if (spec === undefined) throw new Error(`event type ${input.type} is not in the catalog`);
  const envelope = {
    specversion: '1.0',
    id: input.id ?? randomUUID(),
    source: input.source,
    type: input.type,
    time: input.time ?? new Date().toISOString(),
    ...(input.subject === undefined ? {} : { subject: input.subject }),
    datacontenttype: 'application/json',
    // The span active where the event is made (a request, a consumed event) becomes its parent.
    ...traceFieldsOf(),
    data: input.data,
  };
  return spec.schema.parse(envelope) as EventOf<T>;
}
