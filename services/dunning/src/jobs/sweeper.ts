import type pg from 'pg';
import type { Logger } from 'pino';
import type { EngineContext } from '../commands/engine-context.ts';
import { checkDuePromises } from '../commands/promises.ts';
import { requeueUnclaimedTasks } from '../commands/requeue-tasks.ts';
import { runDueSteps } from '../commands/run-due-steps.ts';
import { overdueSteps } from '../db/steps.queries.ts';

const BATCH = 1_000;
const PARALLEL = 8;

/**
 * Runs steps that are due for longer than the grace and still not done: their timer was lost (Redis
 * emptied) or nobody was running when it fired. Late, but once: the claim in runDueSteps decides.
 */
export async function sweepOverdueSteps(
  pool: pg.Pool,
  context: EngineContext,
  logger: Logger,
): Promise<number> {
  const before = new Date(context.now().getTime() - context.config.sweepGraceMs);
  const rows = await overdueSteps(pool, before, BATCH);
  let next = 0;
  const worker = async () => {
    while (next < rows.length) {
      const row = rows[next++]!;
      try {
        await runDueSteps(pool, context, row.step_id);
      } catch (error) {
        logger.warn({ err: error, stepId: row.step_id }, 'sweeper could not run a step; next sweep retries');
      }
    }
  };
  await Promise.all(Array.from({ length: PARALLEL }, worker));
  return rows.length;
}

/** Everything the sweeper looks after on each pass. */
export async function sweep(pool: pg.Pool, context: EngineContext, logger: Logger): Promise<void> {
  const swept = await sweepOverdueSteps(pool, context, logger);
  if (swept > 0) logger.info({ swept }, 'sweeper ran overdue steps');
  await checkDuePromises(pool, context);
  await requeueUnclaimedTasks(pool, context);
}
