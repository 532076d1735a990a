import { CurrencyCode, EntityId, text } from '@dunning/contracts';
import {
  assertActsAs,
  type FastifyPluginAsyncZod,
  HttpProblem,
  problemResponse,
} from '@dunning/service-runtime';
import type pg from 'pg';
import { z } from 'zod';
import { findCollector } from '../db/collectors.queries.ts';
import { collectorWorklist, WORKLIST_BUCKETS } from '../db/worklist.queries.ts';
import { TaskView, toTaskView } from './task-view.ts';

const WorklistQuery = z.strictObject({
  bucket: z.enum(WORKLIST_BUCKETS).optional().meta({
    description:
      'act-now: open work; promised / disputed: ended by a promise or a dispute; at-risk: escalations and tasks re-queued past their claim SLA',
  }),
  currency: CurrencyCode.optional(),
  step: text(100).optional().meta({ description: "The ladder step's name, e.g. final-notice" }),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

const WorklistView = z.object({
  collectorId: z.string(),
  page: z.number(),
  pageSize: z.number(),
  pages: z.number().meta({ description: 'Pages of the largest bucket (at least 1)' }),
  buckets: z.array(
    z.object({
      bucket: z.enum(WORKLIST_BUCKETS),
      count: z.number().meta({ description: 'Tasks in the bucket under the filters, on every page' }),
      tasks: z.array(TaskView).meta({ description: 'This page of them, most urgent first' }),
    }),
  ),
  currencies: z.array(z.string()).meta({ description: "Currencies of the collector's listed tasks" }),
  steps: z.array(z.string()).meta({ description: "Steps of the collector's listed tasks" }),
});

/** A collector's worklist in buckets, counted, filtered and paged by the database. */
export const worklistRoutes: FastifyPluginAsyncZod<{ pool: pg.Pool }> = async (app, { pool }) => {
  app.get(
    '/v1/collectors/:collectorId/worklist',
    {
      config: { access: 'collector' },
      schema: {
        tags: ['collectors'],
        operationId: 'getCollectorWorklist',
        summary: "A collector's worklist: tasks in buckets, most urgent first, with counts and one page each",
        params: z.object({ collectorId: EntityId }),
        querystring: WorklistQuery,
        response: { 200: WorklistView, 404: problemResponse('No such collector') },
      },
    },
    async (request) => {
      const { collectorId } = request.params;
      assertActsAs(request, collectorId);
      if (!(await findCollector(pool, collectorId)))
        throw new HttpProblem({ status: 404, detail: `no collector ${collectorId}` });
      const { page, pageSize } = request.query;
      const worklist = await collectorWorklist(pool, collectorId, request.query);
      const largest = Math.max(0, ...worklist.buckets.map((b) => b.count));
      return {
        collectorId,
        page,
        pageSize,
        pages: Math.max(1, Math.ceil(largest / pageSize)),
        buckets: worklist.buckets.map((b) => ({ ...b, tasks: b.tasks.map(toTaskView) })),
        currencies: worklist.currencies,
        steps: worklist.steps,
      };
    },
  );
};
