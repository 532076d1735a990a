import type { PeriodicJob } from '@dunning/service-host';
import type pg from 'pg';
import { compactReceivableChanges } from '../db/receivable-summary.queries.ts';

const BATCH = 50_000;

/**
 * Folds the receivable summary's change log (one row per key and day each ledger statement touched)
 * into its day and month totals, and the period summary's log into its day totals (migration 016),
 * so a report reads totals plus a short log. Each batch moves and
 * deletes its rows in one transaction under a transaction-scoped advisory lock: replicas take turns
 * and nothing is counted twice. A run resolves with how many changes it moved.
 */
export function receivableSummaryCompactorJob(pool: pg.Pool, everyMs: number): PeriodicJob<number> {
  return {
    name: 'receivable-summary-compactor',
    everyMs,
    async run(signal) {
      let total = 0;
      for (let moved = BATCH; moved === BATCH && !signal.aborted; total += Math.max(moved, 0))
        moved = await compactReceivableChanges(pool, BATCH);
      return total;
    },
  };
}
