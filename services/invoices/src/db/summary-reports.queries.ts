import type pg from 'pg';
import { bucketSql } from '../reports/aging-buckets.ts';
import type { PeriodFilter, ProvisionBalanceRow, WriteOffRow } from './insight-reports.queries.ts';
import { PERIOD_ROWS_SQL } from './kpi-flows.ts';
import { summaryBalancesSql } from './receivable-summary.queries.ts';
import type { AgingBucketRow, AgingFilter } from './reports.queries.ts';

// The as-of reports read from the receivable summary (receivable-summary.queries.ts): the same rows
// as reading the ledger, from a few thousand summary rows however many invoices there are.

export async function summaryAgingBuckets(
  db: pg.Pool | pg.PoolClient,
  filter: AgingFilter,
): Promise<AgingBucketRow[]> {
  const result = await db.query<AgingBucketRow>({
    text: `WITH instants AS (SELECT $1::date AS as_of),
           ${summaryBalancesSql('$2', 'one')},
           bucketed AS (
             SELECT currency, ${bucketSql('as_of - due_date', filter.scheme ?? 'standard')} AS bucket,
                    open_count, open_minor
             FROM summary_balances
           )
           SELECT currency, bucket, sum(open_count)::int AS count, sum(open_minor)::text AS amount_minor
           FROM bucketed GROUP BY currency, bucket ORDER BY currency`,
    values: [filter.asOf, filter.currency ?? null],
  });
  return result.rows;
}

/** Open balances at the end of each date per currency, risk class (then) and extended bucket. */
export async function summaryProvisionBalances(
  db: pg.Pool | pg.PoolClient,
  filter: { dates: string[]; currency?: string | undefined },
): Promise<ProvisionBalanceRow[]> {
  const result = await db.query<ProvisionBalanceRow>({
    text: `WITH instants AS (SELECT DISTINCT d AS as_of FROM unnest($1::date[]) AS d),
           ${summaryBalancesSql('$2', 'many')}
           SELECT as_of::text AS as_of, currency, risk_class, ${bucketSql('as_of - due_date', 'extended')} AS bucket,
                  sum(open_count)::int AS count, sum(open_minor)::text AS balance_minor
           FROM summary_balances
           GROUP BY 1, 2, 3, 4
           ORDER BY 1, 2, 3, 4`,
    values: [filter.dates, filter.currency ?? null],
  });
  return result.rows;
}

/** Write-offs per month from the period summary's days (migration 016), whatever the issue date. */
export async function summaryWriteOffsByMonth(
  db: pg.Pool | pg.PoolClient,
  filter: PeriodFilter,
): Promise<WriteOffRow[]> {
  const result = await db.query<WriteOffRow>({
    text: `WITH ${PERIOD_ROWS_SQL}
           SELECT to_char(day, 'YYYY-MM') AS month, currency, sum(amount_minor)::text AS written_off_minor
           FROM period_rows
           WHERE measure = 'write-off' AND day BETWEEN $1::date AND $2::date
             AND ($3::text IS NULL OR currency = $3)
           GROUP BY 1, 2 ORDER BY 1, 2`,
    values: [filter.from, filter.to, filter.currency ?? null],
  });
  return result.rows;
}
