import { context, type Tracer } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';

/** A service's tracer, or none: with tracing off nothing is started and callers skip their spans. */
export interface Tracing {
  readonly tracer: Tracer | undefined;
  /** Exports what is buffered, then stops. */
  shutdown(): Promise<void>;
}

export const tracingOff: Tracing = { tracer: undefined, shutdown: async () => {} };

export interface TracingOptions {
  /** `service.name` of every span. */
  service: string;
  /** OTLP/HTTP base URL (`OTEL_EXPORTER_OTLP_ENDPOINT`); unset: tracing off. */
  endpoint: string | undefined;
}

let contextManager: AsyncLocalStorageContextManager | undefined;

/** Which span is active follows async calls (AsyncLocalStorage); set once per process. */
export function useAsyncContext(): void {
  if (contextManager !== undefined) return;
  contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
}

/**
 * Starts a tracer provider of the service's own, exporting OTLP/HTTP (JSON) to `<endpoint>/v1/traces`
 * in batches. It is not registered globally: several services may run in one process (the e2e tests),
 * each with its own `service.name`, and every span is started from the tracer handed out here. The
 * context manager (which span is active across awaits) is global, and set once.
 */
export function startTracing({ service, endpoint }: TracingOptions): Tracing {
  if (endpoint === undefined) return tracingOff;
  useAsyncContext();
  const exporter = new OTLPTraceExporter({ url: `${endpoint.replace(/\/+$/, '')}/v1/traces` });
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': service }),
    // A chunk of 500 events makes 500 consume spans: a queue that holds several chunks drops none.
    spanProcessors: [new BatchSpanProcessor({ exporter, maxQueueSize: 16_384, maxExportBatchSize: 1_024 })],
  });
  return { tracer: provider.getTracer('@dunning/tracing'), shutdown: () => provider.shutdown() };
}
