export type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
// One prom-client for the whole platform: services declare their metrics with these.
export { Counter, Gauge, Histogram, Registry } from 'prom-client';
export type { BaseConfig, Env, LogLevel } from './config.ts';
export { baseConfigShape, logLevels, parseConfig } from './config.ts';
export type { ConfigIssue } from './config-error.ts';
export { ConfigError } from './config-error.ts';
export type { ReadinessCheck } from './health/readiness-checks.ts';
export { kafkaCheck, postgresCheck, redisCheck } from './health/readiness-checks.ts';
export type { AccessConfig, HttpSecurity, Principal, RateLimitStore, RouteAccess } from './http/access.ts';
export {
  ApiKeyEntry,
  accessFromConfig,
  actingUserPattern,
  actorOf,
  allows,
  assertActsAs,
  httpSecurityFromConfig,
  Scope,
  sha256Hex,
} from './http/access.ts';
export type { CreateHttpAppOptions, HttpApp, InjectableApp } from './http/create-http-app.ts';
export { createHttpApp } from './http/create-http-app.ts';
export type { HttpProblemOptions } from './http/http-problem.ts';
export { HttpProblem } from './http/http-problem.ts';
export { createMetricsRegistry, requestDurationHistogram } from './http/metrics.ts';
export { pdfResponse } from './http/openapi-docs.ts';
export type { ProblemDetails } from './http/problem-details.ts';
export {
  problemContentType,
  problemDetailsSchema,
  problemResponse,
  problemTypeBase,
} from './http/problem-details.ts';
export { RequestLogController } from './http/request-logging.ts';
export { registerServerTiming } from './http/server-timing.ts';
export type { FieldError } from './http/validation-problem.ts';
export type { LifecycleOptions } from './lifecycle.ts';
export { runUntilSignalled } from './lifecycle.ts';
export type { CreateLoggerOptions, Logger } from './logger.ts';
export { createLogger } from './logger.ts';
export type { ProgressLine, ProgressLineOptions, ProgressStream } from './progress-line.ts';
export { progressLine } from './progress-line.ts';
export { databaseUrlVariable, serviceDatabaseUrl, withServiceDatabase } from './service-database.ts';
