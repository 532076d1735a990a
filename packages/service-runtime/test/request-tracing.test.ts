import { traceFieldsOf } from '@dunning/contracts';
import { SpanKind } from '@dunning/tracing';
import { inMemoryTracing } from '@dunning/tracing/in-memory';
import { SpanStatusCode } from '@opentelemetry/api';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  createHttpApp,
  createLogger,
  type FastifyPluginAsyncZod,
  httpSecurityFromConfig,
} from '../src/index.ts';

const tracing = inMemoryTracing('http-test');
const adminKey = 'tracing-admin-key-0123456789';
const auth = { authorization: `Bearer ${adminKey}` };

const routes: FastifyPluginAsyncZod = async (app) => {
  // Answers the trace context an event made here would carry.
  app.get(
    '/v1/things/:thingId',
    {
      schema: {
        operationId: 'getThing',
        params: z.object({ thingId: z.string() }),
        response: { 200: z.object({ traceparent: z.string().optional() }) },
      },
    },
    async () => traceFieldsOf(),
  );
  app.get('/v1/boom', { schema: { operationId: 'getBoom', response: { 200: z.object({}) } } }, async () => {
    throw new Error('boom');
  });
};

const app = createHttpApp({
  name: 'tracing-test',
  version: '0',
  logger: createLogger({ name: 'tracing-test', level: 'silent' }),
  readinessChecks: [],
  security: httpSecurityFromConfig({
    ADMIN_API_KEY: adminKey,
    RATE_LIMIT_PER_MINUTE: 60_000,
    CORS_ORIGINS: [],
  }),
  tracer: tracing.tracer,
  routes,
});
afterAll(async () => {
  await app.close();
  await tracing.shutdown();
});

const lastSpan = () => tracing.spans().at(-1)!;

describe('request spans', () => {
  it("make a server span per request, active in the handler, child of the caller's traceparent", async () => {
    const caller = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const response = await app.inject({
      method: 'GET',
      url: '/v1/things/t-1?x=1',
      headers: { ...auth, traceparent: caller },
    });
    expect(response.statusCode).toBe(200);
    const span = lastSpan();
    expect(span).toMatchObject({ name: 'GET /v1/things/:thingId', kind: SpanKind.SERVER });
    expect(span.attributes).toMatchObject({
      'http.route': '/v1/things/:thingId',
      'url.path': '/v1/things/t-1',
      'http.response.status_code': 200,
    });
    expect(span.spanContext().traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(span.parentSpanContext?.spanId).toBe('00f067aa0ba902b7');
    expect(response.json()).toEqual({
      traceparent: `00-4bf92f3577b34da6a3ce929d0e0e4736-${span.spanContext().spanId}-01`,
    });
  });

  it('start a trace of their own without a traceparent, or with a malformed one', async () => {
    for (const headers of [auth, { ...auth, traceparent: 'garbage' }]) {
      await app.inject({ method: 'GET', url: '/v1/things/t-2', headers });
      expect(lastSpan().parentSpanContext).toBeUndefined();
    }
  });

  it('mark a failed request as an error', async () => {
    const response = await app.inject({ method: 'GET', url: '/v1/boom', headers: auth });
    expect(response.statusCode).toBe(500);
    expect(lastSpan().status.code).toBe(SpanStatusCode.ERROR);
  });

  it('leave probes and scrapes out', async () => {
    const before = tracing.spans().length;
    await app.inject({ method: 'GET', url: '/health/live' });
    await app.inject({ method: 'GET', url: '/metrics' });
    expect(tracing.spans().length).toBe(before);
  });
});
