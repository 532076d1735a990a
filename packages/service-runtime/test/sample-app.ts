import { Writable } from 'node:stream';
import { z } from 'zod';
import {
  createHttpApp,
  createLogger,
  type FastifyPluginAsyncZod,
  type HttpApp,
  HttpProblem,
  httpSecurityFromConfig,
  problemResponse,
  type ReadinessCheck,
} from '../src/index.ts';

export const thingBody = z.strictObject({
  amount: z.number().positive(),
  currency: z.string().length(3),
  customer: z.strictObject({ email: z.email() }),
});

const sampleRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/v1/customers/:customerId/things',
    {
      schema: {
        operationId: 'createThing',
        summary: 'Create a thing',
        params: z.object({ customerId: z.uuid() }),
        querystring: z.object({ dryRun: z.enum(['true', 'false']).optional() }),
        body: thingBody,
        response: { 201: z.object({ amount: z.number() }) },
      },
    },
    async (request, reply) => reply.code(201).send({ amount: request.body.amount }),
  );

  const failing = (operationId: string, summary: string) => ({
    schema: { operationId, summary, response: { 200: z.object({}) } },
  });

  app.post(
    '/v1/conflict',
    {
      schema: {
        operationId: 'createConflict',
        summary: 'Always a conflict',
        body: z.object({ id: z.string() }),
        response: { 200: z.object({}), 409: problemResponse('Always') },
      },
    },
    async (request) => {
      throw new HttpProblem({
        status: 409,
        title: 'Thing already exists with other details',
        detail: `thing ${request.body.id} was entered with a different body`,
        extensions: { stored: { id: request.body.id, amount: 1 }, received: request.body },
      });
    },
  );

  app.get('/v1/boom', failing('getBoom', 'Always fails'), async () => {
    throw new Error('connection to postgres://admin:hunter2@db failed');
  });

  app.get('/v1/bad-number', failing('getBadNumber', 'Always fails on a number'), async () => {
    throw Object.assign(new Error('invalid input syntax for type numeric: "jh@private-mail.example"'), {
      code: '22P02',
    });
  });
};

export type SampleApp = { app: HttpApp; logs: string[] };

/** The key the sample app accepts (admin). */
export const sampleAdminKey = 'sample-admin-key-0123456789';
export const sampleAuth = { authorization: `Bearer ${sampleAdminKey}` };

export function buildSampleApp(
  options: { readinessChecks?: ReadinessCheck[]; readinessTimeoutMs?: number } = {},
): SampleApp {
  const logs: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      logs.push(chunk.toString());
      callback();
    },
  });
  const app = createHttpApp({
    name: 'sample',
    version: '1.2.3',
    description: 'A service under test',
    logger: createLogger({ name: 'sample', level: 'info', destination }),
    readinessChecks: options.readinessChecks ?? [],
    ...(options.readinessTimeoutMs === undefined ? {} : { readinessTimeoutMs: options.readinessTimeoutMs }),
    security: httpSecurityFromConfig({
      ADMIN_API_KEY: sampleAdminKey,
      RATE_LIMIT_PER_MINUTE: 60_000,
      CORS_ORIGINS: [],
    }),
    routes: sampleRoutes,
  });
  return { app, logs };
}
