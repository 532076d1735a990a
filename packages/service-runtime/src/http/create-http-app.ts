import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type RawServerDefault } from 'fastify';
import {
  type FastifyPluginAsyncZod,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Registry } from 'prom-client';
import type { ReadinessCheck } from '../health/readiness-checks.ts';
import type { Logger } from '../logger.ts';
import { handleError, handleNotFound } from './error-handler.ts';
import { healthRoutes } from './health.routes.ts';
import { createMetricsRegistry, metricsRoutes, observeRequestDurations } from './metrics.ts';
import { registerOpenApiDocs } from './openapi-docs.ts';
import { RequestLogController } from './request-logging.ts';

export type HttpApp = FastifyInstance<
  RawServerDefault,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  ZodTypeProvider
>;

export type CreateHttpAppOptions = {
  name: string;
  version: string;
  description?: string;
  logger: Logger;
  readinessChecks: readonly ReadinessCheck[];
  /** Per-check limit for `GET /health/ready`; a check still running after it counts as failed. */
  readinessTimeoutMs?: number;
  /** Exposed at `/metrics`; defaults to a fresh registry with the default process metrics. */
  metrics?: Registry;
  /** The service's routes, registered after docs, health and metrics so they inherit all of it. */
  routes: FastifyPluginAsyncZod;
};

const oneMebibyte = 1024 * 1024;
const requestIdPattern = /^[\w.:-]{1,128}$/;

/** Builds (never listens) the fastify app every service shares: zod schemas, problem+json, docs, health, metrics. */
export function createHttpApp(options: CreateHttpAppOptions): HttpApp {
  const app = Fastify({
    loggerInstance: options.logger as FastifyBaseLogger,
    bodyLimit: oneMebibyte,
    trustProxy: false,
    logController: new RequestLogController(),
    // Keep a caller's correlation id when it looks like one; anything else could forge log lines.
    genReqId: (request) => {
      const header = request.headers['x-request-id'];
      return typeof header === 'string' && requestIdPattern.test(header) ? header : randomUUID();
    },
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(handleError);
  app.setNotFoundHandler(handleNotFound);

  const registry = options.metrics ?? createMetricsRegistry();
  observeRequestDurations(app, registry);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  registerOpenApiDocs(app, options);
  app.register(healthRoutes, {
    checks: options.readinessChecks,
    timeoutMs: options.readinessTimeoutMs ?? 2000,
  });
  app.register(metricsRoutes(registry));
  app.register(options.routes);
  return app;
}
