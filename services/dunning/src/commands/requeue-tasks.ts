import { withTransaction } from '@dunning/pg';
import type pg from 'pg';
import { collectorLoads } from '../db/collectors.queries.ts';
import { notifyTaskChange } from '../db/task-feed.queries.ts';
import { reassignTask, unclaimedPastSla } from '../db/tasks.queries.ts';
import { escalatedPriority, pickCollector } from '../domain/task-priority.ts';
import type { CommandContext } from './command-context.ts';

/**
 * Tasks assigned but not claimed within the SLA go to another collector (least loaded, not the one who
 * sat on it) with their priority escalated (doubled, for the first few re-queues only: see
 * escalatedPriority): re-queued and escalated in one move.
 */
export async function requeueUnclaimedTasks(pool: pg.Pool, context: CommandContext): Promise<number> {
  return withTransaction(pool, async (tx) => {
    const now = context.now();
    const slaMs = context.config.TASK_CLAIM_SLA_DAYS * context.config.DAY_MS;
    const stale = await unclaimedPastSla(tx, new Date(now.getTime() - slaMs), 100);
    if (stale.length === 0) return 0;
    const loads = await collectorLoads(tx);
    for (const task of stale) {
      const next =
        pickCollector(task.customer_id, loads, task.collector_id ? [task.collector_id] : []) ??
        task.collector_id;
      await reassignTask(
        tx,
        task.task_id,
        next,
        escalatedPriority(task.base_priority, task.escalations + 1),
        now,
      );
      const load = loads.find((l) => l.collectorId === next);
      if (load) load.openTasks++;
      const previous = loads.find((l) => l.collectorId === task.collector_id);
      if (previous && next !== task.collector_id) previous.openTasks--;
      for (const id of new Set([task.collector_id, next]))
        if (id) await notifyTaskChange(tx, context.config.DB_SCHEMA, id);
    }
    return stale.length;
  });
}
