import { batchedJob, type PeriodicJob } from '@dunning/service-host';
import type pg from 'pg';
import { compactEffectivenessChanges } from '../db/reports.queries.ts';

/**
 * Folds the effectiveness log (a few rows per step run and per case paid) into its totals (migration
 * 015), so the report reads the totals and a short log. Each batch moves and deletes its rows in one
 * transaction under a transaction-scoped advisory lock: replicas take turns and nothing counts twice.
 */
export function effectivenessCompactorJob(pool: pg.Pool, everyMs: number): PeriodicJob<number> {
  return batchedJob({
    name: 'effectiveness-compactor',
    everyMs,
    batch: 50_000,
    step: (limit) => compactEffectivenessChanges(pool, limit),
  });
}
