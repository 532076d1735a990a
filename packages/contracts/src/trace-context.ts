import { type Context, context, ROOT_CONTEXT, type TextMapGetter, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { z } from 'zod';

/**
 * The CloudEvents distributed-tracing extension: the W3C trace context of the span that produced the
 * event, so a consumer's span joins the producer's trace. Like every envelope attribute, one that is
 * not a string or too long breaks the contract (the JSON Schema says so too) and the event is
 * dead-lettered; a string that is not a valid traceparent is only ignored on extraction.
 */
export const traceAttributes = {
  traceparent: z
    .string()
    .max(512)
    .optional()
    .meta({ description: 'W3C Trace Context traceparent of the producing span (CloudEvents extension)' }),
  tracestate: z.string().max(512).optional().meta({
    description: 'W3C Trace Context tracestate, vendor data beside traceparent (CloudEvents extension)',
  }),
};

export interface TraceFields {
  traceparent?: string | undefined;
  tracestate?: string | undefined;
}

// A propagator of our own rather than the global one: it works without any SDK registered, and the
// envelope always carries W3C trace context whatever an operator configures for HTTP.
const propagator = new W3CTraceContextPropagator();

const getter: TextMapGetter<TraceFields> = {
  get: (carrier, key) => {
    const value = key === 'traceparent' || key === 'tracestate' ? carrier[key] : undefined;
    return typeof value === 'string' ? value : undefined;
  },
  keys: () => ['traceparent', 'tracestate'],
};

/** The trace context of `ctx` (by default the active one) as envelope attributes; none without a span. */
export function traceFieldsOf(ctx: Context = context.active()): TraceFields {
  // With tracing off no span is ever active: this returns at once.
  if (trace.getSpanContext(ctx) === undefined) return {};
  const fields: Record<string, string> = {};
  propagator.inject(ctx, fields, {
    set: (carrier, key, value) => {
      carrier[key] = value;
    },
  });
  return {
    ...(fields.traceparent ? { traceparent: fields.traceparent } : {}),
    ...(fields.tracestate ? { tracestate: fields.tracestate } : {}),
  };
}

/**
 * The context whose remote parent is the span that produced the event; `base` unchanged when the event
 * carries no traceparent or a malformed one (its consumer's span then starts a trace of its own).
 */
export function traceContextOf(event: TraceFields, base: Context = ROOT_CONTEXT): Context {
  if (typeof event.traceparent !== 'string') return base;
  return propagator.extract(base, event, getter);
}
