import { DECIMAL_AMOUNT_PATTERN, EntityId, IsoDate, OverdueReason, Reason, text } from '@dunning/contracts';
import { withTransaction } from '@dunning/pg';
import { actorOf, assertActsAs, type FastifyPluginAsyncZod, problemResponse } from '@dunning/service-runtime';
import type pg from 'pg';
import { z } from 'zod';
import type { CommandContext } from '../commands/command-context.ts';
import { claimTask, recordTaskOutcome } from '../commands/record-task-outcome.ts';
import { lockTask } from '../db/tasks.queries.ts';
import { TaskView, toTaskView } from './task-view.ts';

const common = { overdueReason: OverdueReason.optional(), note: text(2000).optional() };

const OutcomeBody = z.discriminatedUnion('outcome', [
  z.strictObject({
    outcome: z.literal('promise-to-pay'),
    promise: z.strictObject({
      date: IsoDate,
      amount: z.string().max(32).regex(DECIMAL_AMOUNT_PATTERN, 'must be a decimal string such as "1234.50"'),
    }),
    ...common,
  }),
  z.strictObject({ outcome: z.literal('dispute'), dispute: z.strictObject({ reason: Reason }), ...common }),
  z.strictObject({ outcome: z.enum(['paid', 'no-answer', 'wrong-contact']), ...common }),
]);

const noTask = problemResponse('No such task');

export const tasksRoutes: FastifyPluginAsyncZod<{ pool: pg.Pool; context: CommandContext }> = async (
  app,
  { pool, context },
) => {
  app.post(
    '/v1/tasks/:taskId/claim',
    {
      config: { access: 'collector' },
      schema: {
        tags: ['tasks'],
        operationId: 'claimTask',
        summary: 'A collector takes a task (409 if another collector holds it)',
        params: z.object({ taskId: EntityId }),
        body: z.strictObject({ collectorId: EntityId }),
        response: {
          200: TaskView,
          404: noTask,
          409: problemResponse('The task is done or closed, or another collector holds it'),
        },
      },
    },
    async (request) => {
      assertActsAs(request, request.body.collectorId);
      const task = await withTransaction(pool, (tx) =>
        claimTask(
          tx,
          context,
          request.params.taskId,
          request.body.collectorId,
          actorOf(request) ?? 'unknown',
        ),
      );
      return toTaskView(task);
    },
  );

  app.post(
    '/v1/tasks/:taskId/outcome',
    {
      config: { access: 'collector' },
      schema: {
        tags: ['tasks'],
        operationId: 'recordTaskOutcome',
        summary:
          'What came of a claimed task, with why the invoice is late; a promise to pay pauses dunning until the date plus grace',
        params: z.object({ taskId: EntityId }),
        body: OutcomeBody,
        response: {
          200: z.object({ taskId: z.string(), promiseId: z.string().optional() }),
          404: noTask,
          409: problemResponse(
            'The task already has an outcome, is closed (it ended with its case), or is not claimed',
          ),
        },
      },
    },
    async (request) => {
      const result = await withTransaction(pool, async (tx) => {
        // A collector reports only on tasks in their own queue.
        const task = await lockTask(tx, request.params.taskId);
        if (task) assertActsAs(request, task.collector_id ?? '');
        return recordTaskOutcome(
          tx,
          context,
          request.params.taskId,
          request.body,
          actorOf(request) ?? 'unknown',
        );
      });
      return { taskId: request.params.taskId, ...result };
    },
  );
};
