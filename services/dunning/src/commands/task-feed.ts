import type pg from 'pg';

/** The PostgreSQL channel a collector's queue changes are announced on (the SSE feed listens). */
export const TASK_FEED_CHANNEL = 'dunning_task_feed';

/** Announces, on commit, that a collector's queue changed. */
export async function notifyTaskChange(tx: pg.PoolClient, collectorId: string): Promise<void> {
  await tx.query({ text: 'SELECT pg_notify($1, $2)', values: [TASK_FEED_CHANNEL, collectorId] });
}

/** Announces, on commit, that these collectors' queues changed. */
export async function notifyTaskChanges(tx: pg.PoolClient, collectorIds: readonly string[]): Promise<void> {
  if (collectorIds.length === 0) return;
  await tx.query({
    text: 'SELECT pg_notify($1, c) FROM unnest($2::text[]) AS c',
    values: [TASK_FEED_CHANNEL, [...new Set(collectorIds)]],
  });
}
