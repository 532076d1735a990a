import type pg from 'pg';

/** Records the ids as processed by `consumer`; returns the ids that were new. */
export async function claimEventIds(
  tx: pg.PoolClient,
  consumer: string,
  eventIds: string[],
): Promise<Set<string>> {
  const result = await tx.query<{ event_id: string }>({
    text: `INSERT INTO processed_events (consumer, event_id)
           SELECT $1, unnest($2::text[])
           ON CONFLICT DO NOTHING
           RETURNING event_id`,
    values: [consumer, eventIds],
  });
  return new Set(result.rows.map((row) => row.event_id));
}
