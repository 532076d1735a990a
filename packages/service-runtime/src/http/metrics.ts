import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import { z } from 'zod';

/** A registry with the default process metrics; pass it to `createHttpApp` and add domain metrics to it. */
export function createMetricsRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return registry;
}

// Unmatched URLs share one label value so scanners cannot blow up the series count.
const unmatchedRoute = 'unmatched';

/**
 * Request rate, errors and latency in one histogram. The status class (`2xx`, `4xx`, `5xx`), not the
 * code, keeps the series count small; errors are `status_class="5xx"`.
 */
export function requestDurationHistogram(registry: Registry) {
  return new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Duration of HTTP requests in seconds, by route pattern, method and status class.',
    labelNames: ['method', 'route', 'status_class'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
}

/** Times every response into `http_request_duration_seconds`; call on the root instance before routes exist. */
export function observeRequestDurations(app: FastifyInstance, registry: Registry): void {
  const histogram = requestDurationHistogram(registry);
  app.addHook('onResponse', async (request, reply) => {
    histogram.observe(
      {
        method: request.method,
        route: request.routeOptions.url ?? unmatchedRoute,
        status_class: `${Math.floor(reply.statusCode / 100)}xx`,
      },
      reply.elapsedTime / 1000,
    );
  });
}

export function metricsRoutes(registry: Registry): FastifyPluginAsync {
  return async (app) => {
    app.get(
      '/metrics',
      {
        config: { access: 'ops:read' },
        schema: {
          tags: ['operations'],
          operationId: 'getMetrics',
          summary: 'Prometheus metrics (text exposition format)',
          response: {
            200: {
              description: 'Every metric of the registry, in the Prometheus text format',
              content: { 'text/plain': { schema: z.string() } },
            },
          },
        },
      },
      async (_request, reply) => reply.type(registry.contentType).send(await registry.metrics()),
    );
  };
}
