import { type CustomerUpsertedData, createEvent, ERP_CUSTOMER_UPSERTED } from '@dunning/contracts';
import { SpanKind, withinTraceOf } from '@dunning/tracing';
import { inMemoryTracing } from '@dunning/tracing/in-memory';
import { SpanStatusCode } from '@opentelemetry/api';
import type { KafkaMessage } from 'kafkajs';
import { afterAll, describe, expect, it } from 'vitest';
import { startEventSpans } from '../src/consumer/event-spans.ts';

const tracing = inMemoryTracing('consumer-test');
afterAll(() => tracing.shutdown());

const message = (offset: string) => ({ offset }) as KafkaMessage;
const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
const customer = (customerId: string): CustomerUpsertedData => ({
  customerId,
  name: 'Xingchen Trading',
  email: 'ar@xingchen.example.cn',
  phone: '+8613800138000',
  locale: 'zh-CN',
  timezone: 'Asia/Shanghai',
  industry: 'construction',
  address: { line1: 'Century Avenue 100', city: 'Shanghai', postalCode: '200120', country: 'CN' },
  paymentTermsDays: 30,
  collectorId: 'collector.wang',
});

describe('consume spans', () => {
  it('gives each event a span that is a child of its traceparent, and the events made in it continue the trace', () => {
    const traced = {
      id: 'e-1',
      type: 'ledger.invoice.issued',
      subject: 'inv-1',
      data: { invoiceId: 'inv-1' },
      traceparent: `00-${traceId}-00f067aa0ba902b7-01`,
    };
    const bare = { id: 'e-2', data: { invoiceId: 'inv-2' } };
    const malformed = { id: 'e-3', data: {}, traceparent: '00-zz-00f067aa0ba902b7-01' };
    const messages = [message('7'), message('8'), message('9')];
    const spans = startEventSpans(
      tracing.tracer!,
      [
        { message: messages[0]!, event: traced },
        { message: messages[1]!, event: bare },
        { message: messages[2]!, event: malformed },
      ],
      { topic: 'p.ledger.events.v1', partition: 2, group: 'p.dunning.ledger' },
    );
    // What set-based code makes for an event's data, in that event's context.
    const made = withinTraceOf(traced.data, () =>
      createEvent({ type: ERP_CUSTOMER_UPSERTED, source: 'erp://x', data: customer('c-1') }),
    );
    spans.end([messages[2]!]);

    const [first, second, third] = tracing.spans().slice(-3);
    expect(first!.spanContext().traceId).toBe(traceId);
    expect(first!.parentSpanContext?.spanId).toBe('00f067aa0ba902b7');
    expect(first!.kind).toBe(SpanKind.CONSUMER);
    expect(first!.name).toBe('process p.ledger.events.v1');
    expect(first!.attributes).toMatchObject({
      'messaging.destination.partition.id': '2',
      'messaging.consumer.group.name': 'p.dunning.ledger',
      'messaging.kafka.offset': 7,
      'cloudevents.event_id': 'e-1',
      'cloudevents.event_subject': 'inv-1',
    });
    expect(made.traceparent).toBe(`00-${traceId}-${first!.spanContext().spanId}-01`);
    // No or malformed context: a trace of its own, never a failure.
    for (const span of [second!, third!]) {
      expect(span.parentSpanContext).toBeUndefined();
      expect(span.spanContext().traceId).not.toBe(traceId);
    }
    expect(second!.status.code).toBe(SpanStatusCode.UNSET);
    expect(third!.status.code).toBe(SpanStatusCode.ERROR);
  });

  it('leaves work as is for an object no span was remembered for', () => {
    const made = withinTraceOf({}, () =>
      createEvent({ type: ERP_CUSTOMER_UPSERTED, source: 'erp://x', data: customer('c-2') }),
    );
    expect(made.traceparent).toBeUndefined();
  });
});
