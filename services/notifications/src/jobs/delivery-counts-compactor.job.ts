import { batchedJob, type PeriodicJob } from '@dunning/service-host';
import type pg from 'pg';
import { compactDeliveryCountChanges } from '../db/reports.queries.ts';

/**
 * Folds the delivery count log (a row per statement that adds or moves deliveries) into the counts per
 * hour (migration 006), so the deliveries report reads the counts and a short log. One replica at a time
 * (a transaction-scoped advisory lock); each batch moves and deletes its rows in one transaction.
 */
export function deliveryCountsCompactorJob(pool: pg.Pool, everyMs: number): PeriodicJob<number> {
  return batchedJob({
    name: 'delivery-counts-compactor',
    everyMs,
    batch: 50_000,
    step: (limit) => compactDeliveryCountChanges(pool, limit),
  });
}
