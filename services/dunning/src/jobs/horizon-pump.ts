import type { RedisConnection } from '@dunning/service-host';
import type { Queue } from 'bullmq';
import type pg from 'pg';
import type { CommandContext } from '../commands/command-context.ts';
import { forgetEnqueued, markEnqueued, stepsToPump } from '../db/steps.queries.ts';
import type { StepTimerData } from './step-timer.job.ts';

const BATCH = 2_000;

/**
 * Puts the timers of steps due within the horizon into BullMQ, jobId = step id (so a timer set twice is
 * one job). Only the horizon's steps are ever in Redis: its memory follows the steps due in the next
 * day, not the number of open invoices.
 */
export async function pumpHorizon(
  pool: pg.Pool,
  queue: Queue<StepTimerData>,
  context: CommandContext,
  redis: RedisConnection,
): Promise<number> {
  await rearmIfQueueLost(pool, queue, redis);
  let total = 0;
  for (;;) {
    const now = context.now();
    const rows = await stepsToPump(pool, new Date(now.getTime() + context.config.horizonMs), BATCH);
    if (rows.length === 0) return total;
    await queue.addBulk(
      rows.map((row) => ({
        name: 'run-step',
        data: { stepId: row.step_id },
        opts: {
          jobId: row.step_id,
          delay: Math.max(0, row.run_at.getTime() - Date.now()),
          removeOnComplete: true,
          removeOnFail: 1_000,
          attempts: 5,
          backoff: { type: 'exponential', delay: 200 },
        },
      })),
    );
    await markEnqueued(
      pool,
      rows.map((row) => row.step_id),
      now,
    );
    total += rows.length;
    if (rows.length < BATCH) return total;
  }
}

/**
 * A key beside the queue (same hash tag, so on the same Redis node) set by the first pass on it. When it
 * is missing, Redis lost the armed timers with it: flushed, failed over to an empty node, or the key
 * prefix changed with an upgrade. Then every step that had a timer is armed again by this pass, on time,
 * instead of waiting for the sweeper's grace. SET NX: one replica does it.
 */
async function rearmIfQueueLost(
  pool: pg.Pool,
  queue: Queue<StepTimerData>,
  redis: RedisConnection,
): Promise<void> {
  const marker = `${queue.qualifiedName}-armed`;
  if ((await redis.set(marker, new Date().toISOString(), 'NX')) === 'OK') await forgetEnqueued(pool);
}
