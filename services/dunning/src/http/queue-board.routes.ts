import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { FastifyPluginAsyncZod } from '@dunning/service-runtime';
import type { Queue } from 'bullmq';

export const QUEUE_BOARD_PATH = '/ops/queues';

/**
 * bull-board at /ops/queues: the step-timer jobs as BullMQ holds them (delayed, active, failed), for
 * operators. Read-only, because PostgreSQL decides what runs; retrying or removing a timer by hand
 * would only be undone by the horizon pump and the sweeper. Not in the OpenAPI document.
 */
export const queueBoardRoutes: FastifyPluginAsyncZod<{ queues: () => Queue[] }> = async (app, { queues }) => {
  const adapter = new FastifyAdapter();
  createBullBoard({
    queues: queues().map((queue) => new BullMQAdapter(queue, { readOnlyMode: true })),
    serverAdapter: adapter,
    options: { uiConfig: { boardTitle: 'dunning queues' } },
  });
  adapter.setBasePath(QUEUE_BOARD_PATH);
  await app.register(adapter.registerPlugin(), { prefix: QUEUE_BOARD_PATH });
};
