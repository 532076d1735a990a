import { EntityId, Locale, Name } from '@dunning/contracts';
import {
  assertActsAs,
  type FastifyPluginAsyncZod,
  HttpProblem,
  problemResponse,
} from '@dunning/service-runtime';
import type pg from 'pg';
import { z } from 'zod';
import { findCollector, upsertCollector } from '../db/collectors.queries.ts';
import { tasksOfCollector } from '../db/tasks.queries.ts';
import type { TaskFeedListener } from './task-feed-listener.ts';
import { TaskView, toTaskView } from './task-view.ts';

const CollectorBody = z.strictObject({
  name: Name,
  languages: z.array(Locale).min(1),
  capacity: z.int().min(1).max(10_000).meta({ description: 'Open tasks the collector can hold' }),
  portfolio: z
    .array(EntityId)
    .max(10_000)
    .default([])
    .meta({ description: 'Customer ids this collector owns; their tasks go to them first' }),
});

export interface CollectorsRoutesOptions {
  pool: pg.Pool;
  feed: TaskFeedListener;
}

export const collectorsRoutes: FastifyPluginAsyncZod<CollectorsRoutesOptions> = async (
  app,
  { pool, feed },
) => {
  app.put(
    '/v1/collectors/:collectorId',
    {
      schema: {
        tags: ['collectors'],
        operationId: 'upsertCollector',
        summary: 'Create or replace a collector',
        params: z.object({ collectorId: EntityId }),
        body: CollectorBody,
        response: { 200: z.object({ collectorId: z.string(), status: z.enum(['created', 'updated']) }) },
      },
    },
    async (request) => {
      const created = await upsertCollector(pool, {
        collectorId: request.params.collectorId,
        ...request.body,
      });
      return {
        collectorId: request.params.collectorId,
        status: created ? ('created' as const) : ('updated' as const),
      };
    },
  );

  app.get(
    '/v1/collectors/:collectorId/tasks',
    {
      config: { access: 'collector' },
      schema: {
        tags: ['collectors'],
        operationId: 'listCollectorTasks',
        summary: "A collector's queue, most urgent first",
        params: z.object({ collectorId: EntityId }),
        querystring: z.strictObject({ includeDone: z.stringbool().default(false) }),
        response: {
          200: z.object({ collectorId: z.string(), tasks: z.array(TaskView) }),
          404: problemResponse('No such collector'),
        },
      },
    },
    async (request) => {
      const { collectorId } = request.params;
      assertActsAs(request, collectorId);
      if (!(await findCollector(pool, collectorId)))
        throw new HttpProblem({ status: 404, detail: `no collector ${collectorId}` });
      const tasks = await tasksOfCollector(pool, collectorId, request.query.includeDone);
      return { collectorId, tasks: tasks.map(toTaskView) };
    },
  );

  app.get(
    '/v1/collectors/:collectorId/tasks/stream',
    {
      config: { access: 'collector' },
      schema: {
        tags: ['collectors'],
        operationId: 'streamCollectorTasks',
        summary: "Server-sent events: the collector's open queue now and after every change (event: tasks)",
        params: z.object({ collectorId: EntityId }),
        response: {
          200: {
            description:
              'An event stream: `event: tasks` with the open queue ({ collectorId, tasks }) as data',
            content: { 'text/event-stream': { schema: z.string() } },
          },
          404: problemResponse('No such collector'),
        },
      },
    },
    async (request, reply) => {
      const { collectorId } = request.params;
      assertActsAs(request, collectorId);
      if (!(await findCollector(pool, collectorId)))
        throw new HttpProblem({ status: 404, detail: `no collector ${collectorId}` });
      reply.hijack();
      const raw = reply.raw;
      raw.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-cache',
        connection: 'keep-alive',
      });
      const send = async () => {
        const tasks = (await tasksOfCollector(pool, collectorId, false)).map(toTaskView);
        raw.write(`event: tasks\ndata: ${JSON.stringify({ collectorId, tasks })}\n\n`);
      };
      const onChange = (changed: string) => {
        if (changed === collectorId) send().catch(() => {});
      };
      const onResync = () => send().catch(() => {});
      feed.on('changed', onChange);
      feed.on('resync', onResync);
      request.raw.on('close', () => {
        feed.off('changed', onChange);
        feed.off('resync', onResync);
      });
      await send();
    },
  );
};
