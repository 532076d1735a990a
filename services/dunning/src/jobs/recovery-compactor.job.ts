import { batchedJob, type PeriodicJob } from '@dunning/service-host';
import type pg from 'pg';
import { compactRecoveryTaskChanges } from '../db/recovery-report.queries.ts';

/**
 * Folds the tasks that changed hands (claims, re-queues, hand-overs to legal) into the recovery report's
 * kept facts (migration 017), so the report looks up only the invoices changed since the last run. One
 * replica at a time (a transaction-scoped advisory lock); an invoice a writer holds waits for the next run.
 */
export function recoveryCompactorJob(pool: pg.Pool, everyMs: number): PeriodicJob<number> {
  return batchedJob({
    name: 'recovery-compactor',
    everyMs,
    batch: 10_000,
    step: (limit) => compactRecoveryTaskChanges(pool, limit),
  });
}
