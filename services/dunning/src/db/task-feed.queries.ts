import type pg from 'pg';

/**
 * The PostgreSQL channel a collector's queue changes are announced on (the SSE feed listens): one per
 * schema, so two dunning deployments (or test runs) sharing a database do not hear each other.
 */
export function taskFeedChannel(schema: string): string {
  return `task_feed_${schema}`;
}

/** Announces, on commit, that a collector's queue changed. */
export async function notifyTaskChange(
  tx: pg.PoolClient,
  schema: string,
  collectorId: string,
): Promise<void> {
  await tx.query({ text: 'SELECT pg_notify($1, $2)', values: [taskFeedChannel(schema), collectorId] });
}

/** Announces, on commit, that these collectors' queues changed. */
export async function notifyTaskChanges(
  tx: pg.PoolClient,
  schema: string,
  collectorIds: readonly string[],
): Promise<void> {
  if (collectorIds.length === 0) return;
  await tx.query({
    text: 'SELECT pg_notify($1, c) FROM unnest($2::text[]) AS c',
    values: [taskFeedChannel(schema), [...new Set(collectorIds)]],
  });
}
