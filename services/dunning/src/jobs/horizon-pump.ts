import type { Queue } from 'bullmq';
import type pg from 'pg';
import type { CommandContext } from '../commands/command-context.ts';
import { markEnqueued, stepsToPump } from '../db/steps.queries.ts';
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
): Promise<number> {
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
