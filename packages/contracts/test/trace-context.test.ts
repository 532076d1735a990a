import { context, ROOT_CONTEXT, type SpanContext, TraceFlags, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { describe, expect, it } from 'vitest';
import {
  CloudEventEnvelope,
  createEvent,
  ERP_INVOICE_ISSUED,
  InvoiceIssuedEvent,
  traceContextOf,
  traceFieldsOf,
} from '../src/index.ts';
import { invoice } from './samples.ts';

const parent: SpanContext = {
  traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
  spanId: '00f067aa0ba902b7',
  traceFlags: TraceFlags.SAMPLED,
  isRemote: true,
};
const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
const withParent = trace.setSpanContext(ROOT_CONTEXT, parent);

describe('envelope trace context', () => {
  it('injects the span context as traceparent and extracts it back', () => {
    expect(traceFieldsOf(withParent)).toEqual({ traceparent });
    expect(trace.getSpanContext(traceContextOf({ traceparent }))).toEqual(parent);
  });

  it('round-trips tracestate', () => {
    const extracted = traceContextOf({ traceparent, tracestate: 'vendor=abc,other=1' });
    expect(traceFieldsOf(extracted)).toEqual({ traceparent, tracestate: 'vendor=abc,other=1' });
  });

  it('keeps an unsampled flag', () => {
    const unsampled = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00';
    expect(trace.getSpanContext(traceContextOf({ traceparent: unsampled }))?.traceFlags).toBe(
      TraceFlags.NONE,
    );
  });

  it('gives nothing without an active span (tracing off)', () => {
    expect(traceFieldsOf()).toEqual({});
    expect(traceFieldsOf(ROOT_CONTEXT)).toEqual({});
  });

  it.each([
    ['missing', {}],
    ['empty', { traceparent: '' }],
    ['garbage', { traceparent: 'not-a-traceparent' }],
    ['all-zero trace id', { traceparent: '00-00000000000000000000000000000000-00f067aa0ba902b7-01' }],
    ['all-zero span id', { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01' }],
    ['version ff', { traceparent: 'ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' }],
    ['short trace id', { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e47-00f067aa0ba902b7-01' }],
    ['upper-case hex', { traceparent: '00-4BF92F3577B34DA6A3CE929D0E0E4736-00F067AA0BA902B7-01' }],
    ['tracestate alone', { tracestate: 'vendor=abc' }],
  ])('ignores a %s traceparent: the base context comes back', (_case, fields) => {
    const base = ROOT_CONTEXT.setValue(Symbol('marker'), 1);
    expect(traceContextOf(fields, base)).toBe(base);
    expect(trace.getSpanContext(traceContextOf(fields))).toBeUndefined();
  });

  it('ignores a traceparent that is not a string', () => {
    expect(trace.getSpanContext(traceContextOf({ traceparent: 42 } as never))).toBeUndefined();
  });
});

describe('envelope trace attributes', () => {
  const event = createEvent({ type: ERP_INVOICE_ISSUED, source: 'erp://sap', data: invoice });

  it('are kept by the schemas', () => {
    const traced = { ...event, traceparent, tracestate: 'vendor=abc' };
    expect(InvoiceIssuedEvent.parse(traced)).toMatchObject({ traceparent, tracestate: 'vendor=abc' });
    expect(CloudEventEnvelope.parse(traced)).toMatchObject({ traceparent });
  });

  it('that are not strings or are too long break the contract, as the JSON Schema says', () => {
    expect(InvoiceIssuedEvent.safeParse({ ...event, traceparent: 42 }).success).toBe(false);
    expect(InvoiceIssuedEvent.safeParse({ ...event, tracestate: 'x'.repeat(513) }).success).toBe(false);
    // a string that is no traceparent is kept as sent, and only ignored when the trace is followed
    expect(InvoiceIssuedEvent.parse({ ...event, traceparent: 'not-a-traceparent' }).traceparent).toBe(
      'not-a-traceparent',
    );
  });

  it('are absent from an event made with no active span', () => {
    expect(event).not.toHaveProperty('traceparent');
  });

  it('are filled by createEvent from the active span', () => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    try {
      const made = context.with(withParent, () =>
        createEvent({ type: ERP_INVOICE_ISSUED, source: 'erp://sap', data: invoice }),
      );
      expect(made.traceparent).toBe(traceparent);
    } finally {
      context.disable();
    }
  });
});
