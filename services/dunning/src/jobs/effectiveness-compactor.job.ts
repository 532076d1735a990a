import type { PeriodicJob } from '@dunning/service-host';
import type pg from 'pg';
import { compactEffectivenessChanges } from '../db/reports.queries.ts';

const BATCH = 50_000;

/**
 * Folds the effectiveness log (a few rows per step run and per case paid) into its totals (migration
 * 015), so the report reads the totals and a short log. Each batch moves and deletes its rows in one
 * transaction under a transaction-scoped advisory lock: replicas take turns and nothing counts twice.
 * A run resolves with how many changes it moved.
 */
export function effectivenessCompactorJob(pool: pg.Pool, everyMs: number): PeriodicJob<number> {
  return {
    name: 'effectiveness-compactor',
    everyMs,
    async run(signal) {
      let total = 0;
      for (let moved = BATCH; moved === BATCH && !signal.aborted; total += Math.max(moved, 0))
        moved = await compactEffectivenessChanges(pool, BATCH);
      return total;
    },
  };
}
