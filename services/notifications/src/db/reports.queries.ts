import type pg from 'pg';

export interface DeliveryCountRow {
  channel: string;
  status: string;
  count: number;
}

const HOUR_MS = 3_600_000;

/**
 * Notices requested in [from, to), counted per channel and status. `sending` counts as `pending`,
 * as the delivery log shows it: handed to the channel, outcome not yet recorded.
 *
 * The whole UTC hours inside the period come from the kept counts and the log not yet folded into them
 * (migration 006); the partial hours at either end from the deliveries themselves.
 */
export async function deliveryCounts(db: pg.Pool, from: Date, to: Date): Promise<DeliveryCountRow[]> {
  const firstHour = new Date(Math.ceil(from.getTime() / HOUR_MS) * HOUR_MS);
  const lastHour = new Date(Math.floor(to.getTime() / HOUR_MS) * HOUR_MS);
  // Within one hour (or across one boundary with no whole hour between), the deliveries alone.
  const [hoursFrom, hoursTo] = firstHour < lastHour ? [firstHour, lastHour] : [to, to];
  const result = await db.query<DeliveryCountRow>({
    text: `SELECT channel, CASE status WHEN 'sending' THEN 'pending' ELSE status END AS status,
                  sum(n)::int AS count
           FROM (SELECT channel, status, count AS n FROM delivery_counts
                 WHERE hour >= ($3::timestamptz AT TIME ZONE 'UTC') AND hour < ($4::timestamptz AT TIME ZONE 'UTC')
                 UNION ALL
                 SELECT channel, status, delta FROM delivery_count_changes
                 WHERE hour >= ($3::timestamptz AT TIME ZONE 'UTC') AND hour < ($4::timestamptz AT TIME ZONE 'UTC')
                 UNION ALL
                 SELECT channel, status, 1 FROM deliveries WHERE requested_at >= $1 AND requested_at < $3
                 UNION ALL
                 SELECT channel, status, 1 FROM deliveries WHERE requested_at >= $4 AND requested_at < $2) counted
           GROUP BY 1, 2 HAVING sum(n) <> 0 ORDER BY 1, 2`,
    values: [from, to, hoursFrom, hoursTo],
  });
  return result.rows;
}

/** Folds up to `limit` logged count changes into the kept counts; -1 when another replica is at it. */
export async function compactDeliveryCountChanges(db: pg.Pool, limit: number): Promise<number> {
  const result = await db.query<{ moved: string }>({
    text: 'SELECT compact_delivery_count_changes($1) AS moved',
    values: [limit],
  });
  return Number(result.rows[0]?.moved ?? 0);
}
