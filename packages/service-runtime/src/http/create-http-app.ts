import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Tracer } from '@dunning/tracing';
import fastifyCors from '@fastify/cors';
import fastifyRateLimit from '@fastify/rate-limit';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type InjectOptions,
  type LightMyRequestResponse,
  type RawServerDefault,
} from 'fastify';
import {
  type FastifyPluginAsyncZod,
  serializerCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Registry } from 'prom-client';
import type { ReadinessCheck } from '../health/readiness-checks.ts';
import type { Logger } from '../logger.ts';
import { type HttpSecurity, registerAccessControl } from './access.ts';
import { handleError, handleNotFound } from './error-handler.ts';
import { healthRoutes } from './health.routes.ts';
import { HttpProblem } from './http-problem.ts';
import { createMetricsRegistry, metricsRoutes, observeRequestDurations } from './metrics.ts';
import { registerOpenApiDocs } from './openapi-docs.ts';
import { refuseBadQueryEncoding } from './query-encoding.ts';
import { RequestLogController } from './request-logging.ts';
import { traceRequests } from './request-tracing.ts';
import { registerServerTiming } from './server-timing.ts';
import { storableValidatorCompiler } from './storable-input.ts';

export type HttpApp = FastifyInstance<
  RawServerDefault,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  ZodTypeProvider
>;

/** An app driven in-process, without a socket: what tests and the fuzzer need of an HttpApp. */
export interface InjectableApp {
  inject(options: InjectOptions): Promise<LightMyRequestResponse>;
}

export type CreateHttpAppOptions = {
  name: string;
  version: string;
  description?: string;
  /** The port the app will listen on, for the OpenAPI document's `servers` (omitted when 0). */
  port?: number;
  logger: Logger;
  readinessChecks: readonly ReadinessCheck[];
  /** Per-check limit for `GET /health/ready`; a check still running after it counts as failed. */
  readinessTimeoutMs?: number;
  /** Exposed at `/metrics`; defaults to a fresh registry with the default process metrics. */
  metrics?: Registry;
  /** Keys and scopes, rate limit, CORS (see `httpSecurityFromConfig`). */
  security: HttpSecurity;
  /** With tracing on: a server span per request (`traceRequests`). */
  tracer?: Tracer | undefined;
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
    // URLs the router cannot decode, or with an overlong parameter, get a problem like any other error.
    frameworkErrors: (error, request, reply) => handleError(error, request, reply),
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(storableValidatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(handleError);
  app.setNotFoundHandler(handleNotFound);

  if (options.tracer) traceRequests(app, options.tracer);
  const registry = options.metrics ?? createMetricsRegistry();
  observeRequestDurations(app, registry);
  registerServerTiming(app);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  registerAccessControl(app, options.security.access);
  refuseBadQueryEncoding(app);
  // Counted per key (per address before a key is known), after access control has named the caller.
  const store = options.security.rateLimitStore;
  app.register(fastifyRateLimit, {
    max: options.security.rateLimitPerMinute,
    // Shared by the replicas when a store is given. Redis being away lets requests through rather than
    // failing them: readiness already reports it, and the limit protects, it does not decide anything.
    ...(store ? { redis: store.redis, nameSpace: `${store.namespace}:rate-limit:`, skipOnError: true } : {}),
    timeWindow: 60_000,
    hook: 'preHandler',
    keyGenerator: (request) => (request.principal ? `key:${request.principal.name}` : `ip:${request.ip}`),
    errorResponseBuilder: (_request, context) =>
      new HttpProblem({
        status: 429,
        detail: `more than ${context.max} requests a minute; retry in ${context.after}`,
      }),
  });
  if (options.security.corsOrigins.length > 0) {
    app.register(fastifyCors, { origin: [...options.security.corsOrigins] });
  }
  registerOpenApiDocs(app, options);
  app.register(healthRoutes, {
    checks: options.readinessChecks,
    timeoutMs: options.readinessTimeoutMs ?? 2000,
  });
  app.register(metricsRoutes(registry));
  app.register(options.routes);
  return app;
}
