import {
  type Attributes,
  type Context,
  context,
  type Span,
  type SpanKind,
  SpanStatusCode,
  type Tracer,
  trace,
} from '@opentelemetry/api';

/** Marks the span failed with the error, and records it. */
export function failSpan(span: Span, error: unknown): void {
  span.recordException(error instanceof Error ? error : String(error));
  span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : undefined });
}

/**
 * Runs `work` inside a new span (child of `parent`, by default the active context), ending it when
 * the work settles. Without a tracer (tracing off) it only runs `work`.
 */
export async function inSpan<T>(
  tracer: Tracer | undefined,
  name: string,
  options: { kind?: SpanKind; attributes?: Attributes; parent?: Context },
  work: () => Promise<T>,
): Promise<T> {
  if (tracer === undefined) return work();
  const span = tracer.startSpan(
    name,
    { kind: options.kind, attributes: options.attributes },
    options.parent ?? context.active(),
  );
  try {
    return await context.with(trace.setSpan(options.parent ?? context.active(), span), work);
  } catch (error) {
    failSpan(span, error);
    throw error;
  } finally {
    span.end();
  }
}

const contexts = new WeakMap<object, Context>();

/**
 * Remembers the trace context an object belongs to (a consumed event and its data), for set-based code
 * that makes one fact per source object without that object's span being active.
 */
export function rememberTraceOf(source: object, ctx: Context): void {
  contexts.set(source, ctx);
}

/** Runs `work` with the remembered context of `source` active; as is when none was remembered. */
export function withinTraceOf<T>(source: object, work: () => T): T {
  const ctx = contexts.get(source);
  return ctx === undefined ? work() : context.with(ctx, work);
}
