import type pg from 'pg';

export interface DeliveryCountRow {
  channel: string;
  status: string;
  count: number;
}

/**
 * Notices requested in [from, to), counted per channel and status. `sending` counts as `pending`,
 * as the delivery log shows it: handed to the channel, outcome not yet recorded.
 */
export async function deliveryCounts(db: pg.Pool, from: Date, to: Date): Promise<DeliveryCountRow[]> {
  const result = await db.query<DeliveryCountRow>({
    text: `SELECT channel, CASE status WHEN 'sending' THEN 'pending' ELSE status END AS status, count(*)::int AS count
           FROM deliveries WHERE requested_at >= $1 AND requested_at < $2
           GROUP BY 1, 2 ORDER BY 1, 2`,
    values: [from, to],
  });
  return result.rows;
}
