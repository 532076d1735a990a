import { batchedJob, type PeriodicJob } from '@dunning/service-host';
import type pg from 'pg';
import { compactReceivableChanges } from '../db/receivable-summary.queries.ts';

/**
 * Folds the receivable summary's change log (one row per key and day each ledger statement touched)
 * into its day and month totals, and the period summary's and the customers' open totals' logs
 * (migrations 016 and 018), so a report reads totals plus a short log. Each batch moves and deletes its
 * rows in one transaction under a transaction-scoped advisory lock: replicas take turns and nothing is
 * counted twice. A run resolves with how many changes it moved.
 */
export function receivableSummaryCompactorJob(pool: pg.Pool, everyMs: number): PeriodicJob<number> {
  return batchedJob({
    name: 'receivable-summary-compactor',
    everyMs,
    batch: 50_000,
    step: (limit) => compactReceivableChanges(pool, limit),
  });
}
