import type pg from 'pg';
import type { AgingBucketRow, AgingFilter } from './reports.queries.ts';

/**
 * Open dunning charges as of the end of `asOf` in the reporting zone, per currency and bucket. A charge
 * is owed from the day it was levied, so it ages from that day (in the reporting zone): `current` on
 * that day, then 1-30 … 90+; it counts from its levy until its waiver.
 */
export async function chargeAgingBuckets(
  db: pg.Pool | pg.PoolClient,
  filter: AgingFilter,
): Promise<AgingBucketRow[]> {
  const result = await db.query<AgingBucketRow>({
    text: `WITH open_charges AS (
             SELECT currency, $1::date - (levied_at AT TIME ZONE $4)::date AS days, amount_minor
             FROM charges
             WHERE levied_at < ($1::date + 1)::timestamp AT TIME ZONE $4
               AND (waived_at IS NULL OR waived_at >= ($1::date + 1)::timestamp AT TIME ZONE $4)
               AND ($2::text IS NULL OR currency = $2)
               AND ($3::text IS NULL OR customer_id = $3)
           )
           SELECT currency,
                  CASE WHEN days <= 0 THEN 'current' WHEN days <= 30 THEN '1-30' WHEN days <= 60 THEN '31-60'
                       WHEN days <= 90 THEN '61-90' ELSE '90+' END AS bucket,
                  count(*)::int AS count, sum(amount_minor)::text AS amount_minor
           FROM open_charges GROUP BY 1, 2 ORDER BY 1`,
    values: [filter.asOf, filter.currency ?? null, filter.customerId ?? null, filter.timeZone],
  });
  return result.rows;
}
