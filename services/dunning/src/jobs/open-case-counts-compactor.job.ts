import { batchedJob, type PeriodicJob } from '@dunning/service-host';
import type pg from 'pg';
import { compactOpenCaseCountChanges } from '../db/reports.queries.ts';

/**
 * Folds the logged changes of open cases into their counts per level (migration 018), so the
 * cases-by-level report reads a few rows. One replica at a time (a transaction-scoped advisory lock).
 */
export function openCaseCountsCompactorJob(pool: pg.Pool, everyMs: number): PeriodicJob<number> {
  return batchedJob({
    name: 'open-case-counts-compactor',
    everyMs,
    batch: 10_000,
    step: (limit) => compactOpenCaseCountChanges(pool, limit),
  });
}
