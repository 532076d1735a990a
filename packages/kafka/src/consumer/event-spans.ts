import { traceContextOf } from '@dunning/contracts';
import { failSpan, rememberTraceOf, SpanKind, type Tracer } from '@dunning/tracing';
import { trace } from '@opentelemetry/api';
import type { KafkaMessage } from 'kafkajs';

interface Traced {
  id: string;
  type?: unknown;
  subject?: unknown;
  data?: unknown;
  traceparent?: string | undefined;
  tracestate?: string | undefined;
}

/**
 * One consume span per event of a chunk, each a child of the span that produced the event (its
 * envelope's traceparent), not one chunk span with links: a chunk holds hundreds of customers'
 * invoices, and each invoice's trace must go on through what this consumer publishes for it. The
 * event (and its data, for set-based handlers) is remembered with its span (`withinTraceOf`).
 */
export function startEventSpans(
  tracer: Tracer,
  valid: { message: KafkaMessage; event: Traced }[],
  where: { topic: string; partition: number; group: string },
): { end(rejected: KafkaMessage[]): void } {
  const spans = valid.map(({ message, event }) => {
    const parent = traceContextOf(event);
    const span = tracer.startSpan(
      `process ${where.topic}`,
      {
        kind: SpanKind.CONSUMER,
        attributes: {
          'messaging.system': 'kafka',
          'messaging.operation.type': 'process',
          'messaging.destination.name': where.topic,
          'messaging.destination.partition.id': String(where.partition),
          'messaging.consumer.group.name': where.group,
          'messaging.kafka.offset': Number(message.offset),
          'messaging.message.id': event.id,
          'cloudevents.event_id': event.id,
          ...(typeof event.type === 'string' ? { 'cloudevents.event_type': event.type } : {}),
          ...(typeof event.subject === 'string' ? { 'cloudevents.event_subject': event.subject } : {}),
        },
      },
      parent,
    );
    const ctx = trace.setSpan(parent, span);
    rememberTraceOf(event, ctx);
    if (typeof event.data === 'object' && event.data !== null) rememberTraceOf(event.data, ctx);
    return { message, span };
  });
  return {
    end(rejected) {
      const dead = new Set(rejected);
      for (const { message, span } of spans) {
        if (dead.has(message)) failSpan(span, new Error('dead-lettered'));
        span.end();
      }
    },
  };
}
