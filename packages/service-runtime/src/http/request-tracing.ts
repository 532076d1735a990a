import { failSpan, SpanKind, type Tracer } from '@dunning/tracing';
import { context, ROOT_CONTEXT, type Span, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import type { FastifyInstance } from 'fastify';

declare module 'fastify' {
  interface FastifyRequest {
    traceSpan?: Span;
  }
}

const propagator = new W3CTraceContextPropagator();
// Probes and scrapes come every few seconds and say nothing about an invoice.
const untraced = /^\/(health|metrics)(\/|$|\?)/;

/**
 * A server span per request, child of the caller's `traceparent` header when it sends one, and active
 * while the request is handled, so the events a request publishes carry it (createEvent).
 */
export function traceRequests(app: FastifyInstance, tracer: Tracer): void {
  app.addHook('onRequest', (request, _reply, done) => {
    if (untraced.test(request.url)) return done();
    const parent = propagator.extract(ROOT_CONTEXT, request.headers, {
      get: (headers, key) => headers[key],
      keys: (headers) => Object.keys(headers),
    });
    const route = request.routeOptions.url ?? 'unknown route';
    const span = tracer.startSpan(
      `${request.method} ${route}`,
      {
        kind: SpanKind.SERVER,
        attributes: {
          'http.request.method': request.method,
          'http.route': route,
          'url.path': request.url.split('?')[0] ?? '',
          'http.request.id': request.id,
        },
      },
      parent,
    );
    request.traceSpan = span;
    // The rest of the hooks and the handler run inside the span.
    context.with(trace.setSpan(parent, span), done);
  });
  app.addHook('onError', async (request, _reply, error) => {
    if (request.traceSpan) failSpan(request.traceSpan, error);
  });
  app.addHook('onResponse', async (request, reply) => {
    const span = request.traceSpan;
    if (!span) return;
    span.setAttribute('http.response.status_code', reply.statusCode);
    if (reply.statusCode >= 500) failSpan(span, new Error(`status ${reply.statusCode}`));
    span.end();
  });
}
