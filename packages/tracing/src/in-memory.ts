import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import { type Tracing, useAsyncContext } from './start-tracing.ts';

/** Tracing on, into memory: for tests that check the spans a component makes. */
export function inMemoryTracing(service = 'test'): Tracing & { spans(): ReadableSpan[] } {
  useAsyncContext();
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': service }),
    spanProcessors: [new SimpleSpanProcessor({ exporter })],
  });
  return {
    tracer: provider.getTracer('@dunning/tracing'),
    spans: () => exporter.getFinishedSpans(),
    shutdown: () => provider.shutdown(),
  };
}
