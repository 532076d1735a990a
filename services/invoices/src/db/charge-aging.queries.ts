import type pg from 'pg';
import { bucketSql } from '../reports/aging-buckets.ts';
import { filterSql } from '../reports/report-filter.ts';
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
  const where = filterSql(filter, 'c', 4);
  const result = await db.query<AgingBucketRow>({
    text: `WITH open_charges AS (
             SELECT c.currency, $1::date - (levied_at AT TIME ZONE $3)::date AS days, amount_minor
             FROM charges c
             WHERE levied_at < ($1::date + 1)::timestamp AT TIME ZONE $3
               AND (waived_at IS NULL OR waived_at >= ($1::date + 1)::timestamp AT TIME ZONE $3)
               AND ($2::text IS NULL OR customer_id = $2)${where.sql}
           )
           SELECT currency, ${bucketSql('days', filter.scheme ?? 'standard')} AS bucket,
                  count(*)::int AS count, sum(amount_minor)::text AS amount_minor
           FROM open_charges GROUP BY 1, 2 ORDER BY 1`,
    values: [filter.asOf, filter.customerId ?? null, filter.timeZone, ...where.values],
  });
  return result.rows;
}
