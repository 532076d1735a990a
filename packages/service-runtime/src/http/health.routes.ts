import { STATUS_CODES } from 'node:http';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ReadinessCheck } from '../health/readiness-checks.ts';
import { runReadinessChecks } from '../health/run-readiness-checks.ts';
import { problemResponse, sendProblem } from './problem-details.ts';

export type HealthRoutesOptions = { checks: readonly ReadinessCheck[]; timeoutMs: number };

const liveSchema = z.object({ status: z.literal('ok') });
const readySchema = z.object({ status: z.literal('ok'), checks: z.record(z.string(), z.literal('ok')) });

export const healthRoutes: FastifyPluginAsyncZod<HealthRoutesOptions> = async (
  app,
  { checks, timeoutMs },
) => {
  app.get(
    '/health/live',
    {
      config: { access: 'public', rateLimit: false },
      schema: {
        tags: ['operations'],
        operationId: 'getLiveness',
        summary: 'Liveness: the process answers',
        response: { 200: liveSchema },
      },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/health/ready',
    {
      config: { access: 'public', rateLimit: false },
      schema: {
        tags: ['operations'],
        operationId: 'getReadiness',
        summary: 'Readiness: every dependency answers within the timeout',
        response: {
          200: readySchema,
          503: problemResponse('At least one dependency is down; `checks` says which'),
        },
      },
    },
    async (request, reply) => {
      const result = await runReadinessChecks(checks, timeoutMs);
      if (result.ok) return { status: 'ok' as const, checks: result.checks as Record<string, 'ok'> };
      const failing = Object.keys(result.checks).filter((name) => result.checks[name] !== 'ok');
      request.log.warn({ checks: result.checks }, 'readiness check failed');
      return sendProblem(reply, {
        type: 'about:blank',
        title: STATUS_CODES[503] ?? 'Service Unavailable',
        status: 503,
        detail: `Failing checks: ${failing.join(', ')}`,
        instance: request.url,
        checks: result.checks,
      });
    },
  );
};
