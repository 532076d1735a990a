import type pg from 'pg';
import type { Logger } from 'pino';
import type { CommandContext } from '../commands/command-context.ts';
import { checkDuePromises } from '../commands/promises.ts';
import { requeueUnclaimedTasks } from '../commands/requeue-tasks.ts';
import { overdueSteps } from '../db/steps.queries.ts';
import type { StepRunBatcher } from './step-run-batcher.ts';

const BATCH = 1_000;

/**
 * Runs steps that are due for longer than the grace and still not done: their timer was lost (Redis
 * emptied) or nobody was running when it fired. Late, but once: the claim in runDueSteps decides.
 */
export async function sweepOverdueSteps(
  pool: pg.Pool,
  context: CommandContext,
  batcher: StepRunBatcher,
  logger: Logger,
): Promise<number> {
  const now = context.now();
  const before = new Date(now.getTime() - context.config.sweepGraceMs);
  const rows = await overdueSteps(pool, before, BATCH, now);
  const results = await Promise.allSettled(rows.map((row) => batcher.run(row.step_id)));
  const failed = results.filter((r) => r.status === 'rejected');
  if (failed.length > 0)
    logger.warn(
      { err: failed[0]!.reason, failed: failed.length },
      'sweeper could not run steps; next sweep retries',
    );
  return rows.length;
}

/** Everything the sweeper looks after on each pass. */
export async function sweep(
  pool: pg.Pool,
  context: CommandContext,
  batcher: StepRunBatcher,
  logger: Logger,
): Promise<void> {
  const swept = await sweepOverdueSteps(pool, context, batcher, logger);
  if (swept > 0) logger.info({ swept }, 'sweeper ran overdue steps');
  await checkDuePromises(pool, context);
  await requeueUnclaimedTasks(pool, context);
}
