import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { FastifyPluginAsyncZod } from '@dunning/service-runtime';
import type { Queue } from 'bullmq';

export const QUEUE_BOARD_PATH = '/ops/queues';

/**
 * bull-board at /ops/queues: the delivery jobs as BullMQ holds them (waiting, delayed by quiet hours or
 * the daily cap, retrying, failed), for operators. Read-only, because the `deliveries` row is the
 * record: a job retried or removed by hand would disagree with it. Not in the OpenAPI document.
 */
export const queueBoardRoutes: FastifyPluginAsyncZod<{ queues: Queue[] }> = async (app, { queues }) => {
  const adapter = new FastifyAdapter();
  createBullBoard({
    queues: queues.map((queue) => new BullMQAdapter(queue, { readOnlyMode: true })),
    serverAdapter: adapter,
    options: { uiConfig: { boardTitle: 'notifications queues' } },
  });
  adapter.setBasePath(QUEUE_BOARD_PATH);
  await app.register(adapter.registerPlugin(), { prefix: QUEUE_BOARD_PATH });
};
