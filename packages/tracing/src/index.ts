export type { Tracer } from '@opentelemetry/api';
export { SpanKind } from '@opentelemetry/api';
export { failSpan, inSpan, rememberTraceOf, withinTraceOf } from './spans.ts';
export { startTracing, type Tracing, type TracingOptions, tracingOff } from './start-tracing.ts';
