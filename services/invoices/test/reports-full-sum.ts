// The reports' balances as they were first written: every entry re-added up to each date. Kept as
// the reference the kept-balance queries (src/db) must equal, row for row (reports-fast-path.test.ts).
import type pg from 'pg';
import { ledgerWriteOffsByMonth, type ProvisionBalanceRow } from '../src/db/insight-reports.queries.ts';
import type {
  AgingBucketRow,
  AgingCustomerBucketRow,
  AgingFilter,
  KpiFilter,
  KpiRow,
} from '../src/db/reports.queries.ts';
import { bucketSql } from '../src/reports/aging-buckets.ts';
import { filterSql, type ReportFilter } from '../src/reports/report-filter.ts';

// "As of D" covers every entry that occurred before the end of day D in the reporting zone ($3);
// dates are calendar dates.
// Balances are sums of signed entries, so cancelled and written-off invoices drop out by their entries.
function openItemsAsOf(filter: AgingFilter): { sql: string; values: unknown[] } {
  const where = filterSql(filter, 'i', 4);
  return {
    sql: `
  open_items AS (
    SELECT i.invoice_id, i.customer_id, i.currency,
           ${bucketSql('$1::date - i.due_date', filter.scheme ?? 'standard')} AS bucket,
           sum(e.amount_minor) AS balance_minor
    FROM invoices i
    JOIN invoice_entries e ON e.invoice_id = i.invoice_id
    WHERE i.issue_date <= $1::date
      AND e.occurred_at < ($1::date + 1)::timestamp AT TIME ZONE $3
      AND ($2::text IS NULL OR i.customer_id = $2)${where.sql}
    GROUP BY i.invoice_id
    HAVING sum(e.amount_minor) > 0
  )`,
    values: [filter.asOf, filter.customerId ?? null, filter.timeZone, ...where.values],
  };
}

export async function fullSumAgingBuckets(
  db: pg.Pool | pg.PoolClient,
  filter: AgingFilter,
): Promise<AgingBucketRow[]> {
  const open = openItemsAsOf(filter);
  const result = await db.query<AgingBucketRow>({
    text: `WITH ${open.sql}
           SELECT currency, bucket, count(*)::int AS count, sum(balance_minor)::text AS amount_minor
           FROM open_items GROUP BY currency, bucket ORDER BY currency`,
    values: open.values,
  });
  return result.rows;
}

/** Per-customer buckets of the `limit` customers owing the most in each currency, largest first. */
export async function fullSumAgingBucketsByCustomer(
  db: pg.Pool | pg.PoolClient,
  filter: AgingFilter,
  limit: number,
): Promise<AgingCustomerBucketRow[]> {
  const open = openItemsAsOf(filter);
  const result = await db.query<AgingCustomerBucketRow>({
    text: `WITH ${open.sql},
           ranked AS (
             SELECT currency, customer_id,
                    row_number() OVER (PARTITION BY currency ORDER BY sum(balance_minor) DESC, customer_id) AS rank
             FROM open_items GROUP BY currency, customer_id
           )
           SELECT o.currency, o.customer_id, o.bucket, count(*)::int AS count,
                  sum(o.balance_minor)::text AS amount_minor
           FROM open_items o JOIN ranked r ON r.currency = o.currency AND r.customer_id = o.customer_id
           WHERE r.rank <= $${open.values.length + 1}
           GROUP BY o.currency, o.customer_id, o.bucket, r.rank
           ORDER BY o.currency, r.rank, o.bucket`,
    values: [...open.values, limit],
  });
  return result.rows;
}

export async function fullSumKpis(db: pg.Pool | pg.PoolClient, filter: KpiFilter): Promise<KpiRow[]> {
  const where = filterSql(filter, 'i', 4);
  const result = await db.query<KpiRow>({
    text: `WITH periods AS (
             SELECT p.period_from, p.period_to,
                    (p.period_from)::timestamp AT TIME ZONE $3 AS start_at,
                    (p.period_to + 1)::timestamp AT TIME ZONE $3 AS end_at
             FROM unnest($1::date[], $2::date[]) AS p (period_from, period_to)
           ),
           per_invoice AS (
             SELECT b.period_from, b.period_to, i.currency, i.amount_minor, i.issue_date, i.due_date,
                    coalesce(sum(e.amount_minor) FILTER (WHERE e.occurred_at < b.start_at), 0) AS opening_balance,
                    coalesce(sum(e.amount_minor) FILTER (WHERE e.occurred_at < b.end_at), 0) AS closing_balance,
                    coalesce(-sum(e.amount_minor) FILTER (
                      WHERE e.kind = 'write-off' AND e.occurred_at >= b.start_at AND e.occurred_at < b.end_at
                    ), 0) AS written_off,
                    coalesce(-sum(e.amount_minor) FILTER (
                      WHERE e.kind = 'cancellation' AND e.occurred_at >= b.start_at AND e.occurred_at < b.end_at
                    ), 0) AS cancelled_in_period,
                    coalesce(-sum(e.amount_minor) FILTER (
                      WHERE e.kind = 'discount' AND e.occurred_at >= b.start_at AND e.occurred_at < b.end_at
                    ), 0) AS discounts,
                    bool_or(e.kind = 'cancellation' AND e.occurred_at < b.end_at) AS cancelled,
                    bool_or(e.kind IN ('write-off', 'cancellation') AND e.occurred_at < b.end_at) AS closed_otherwise,
                    max(e.occurred_at) FILTER (
                      WHERE e.kind = 'payment' AND e.source <> 'import' AND e.occurred_at < b.end_at
                    ) AS last_paid_at,
                    (SELECT c.profile->>'timezone' FROM customers c WHERE c.customer_id = i.customer_id) AS time_zone,
                    b.start_at
             FROM periods b
             JOIN invoices i ON i.issue_date <= b.period_to
             JOIN invoice_entries e ON e.invoice_id = i.invoice_id
             WHERE true${where.sql}
             GROUP BY b.period_from, b.period_to, b.start_at, i.invoice_id
           ),
           settled AS (
             SELECT period_from, currency, amount_minor,
                    greatest(0, (last_paid_at AT TIME ZONE coalesce(time_zone, 'UTC'))::date - due_date) AS days_late
             FROM per_invoice
             WHERE closing_balance <= 0 AND NOT closed_otherwise AND last_paid_at >= start_at
           ),
           settled_totals AS (
             SELECT period_from, currency, count(*)::int AS settled_count, sum(days_late) AS days_late_sum,
                    sum(amount_minor::numeric * days_late) AS weighted_days_sum, sum(amount_minor) AS settled_minor
             FROM settled GROUP BY period_from, currency
           ),
           totals AS (
             SELECT period_from, period_to, currency,
                    coalesce(sum(opening_balance) FILTER (WHERE issue_date < period_from AND opening_balance > 0), 0)
                      AS opening,
                    coalesce(sum(closing_balance) FILTER (WHERE closing_balance > 0), 0) AS closing,
                    coalesce(sum(closing_balance) FILTER (WHERE closing_balance > 0 AND due_date >= period_to), 0)
                      AS closing_current,
                    coalesce(sum(closing_balance) FILTER (WHERE closing_balance > 0 AND period_to - due_date > 90), 0)
                      AS closing_over_90,
                    coalesce(sum(amount_minor) FILTER (WHERE issue_date >= period_from AND NOT cancelled), 0)
                      AS credit_sales,
                    coalesce(sum(cancelled_in_period) FILTER (WHERE issue_date < period_from), 0) AS cancelled,
                    sum(discounts) AS discounts,
                    sum(written_off) AS written_off
             FROM per_invoice GROUP BY period_from, period_to, currency
           )
           SELECT t.period_from::text AS period_from, t.currency, (t.period_to - t.period_from + 1) AS days,
                  t.opening::text AS opening_minor, t.closing::text AS closing_minor,
                  t.closing_current::text AS closing_current_minor,
                  t.closing_over_90::text AS closing_over_90_minor, t.credit_sales::text AS credit_sales_minor,
                  t.written_off::text AS written_off_minor, t.cancelled::text AS cancelled_minor,
                  t.discounts::text AS discounts_minor, coalesce(s.settled_count, 0) AS settled_count,
                  round(t.closing * (t.period_to - t.period_from + 1) / nullif(t.credit_sales, 0), 4)::text AS dso,
                  round(2 * t.credit_sales / nullif(t.opening + t.closing, 0), 4)::text AS ar_turnover,
                  round((t.closing - t.closing_current) / nullif(t.closing, 0), 4)::text AS overdue_ratio,
                  round(t.closing_over_90 / nullif(t.closing, 0), 4)::text AS over_90_share,
                  round(100 * (t.opening + t.credit_sales - t.cancelled - t.closing)
                        / nullif(t.opening + t.credit_sales - t.cancelled - t.closing_current, 0), 4)::text AS cei,
                  round(t.written_off / nullif(t.opening + t.credit_sales, 0), 4)::text AS bad_debt_rate,
                  round(s.days_late_sum::numeric / nullif(s.settled_count, 0), 4)::text AS days_late_simple,
                  round(s.weighted_days_sum / nullif(s.settled_minor, 0), 4)::text AS days_late_weighted
           FROM totals t
           LEFT JOIN settled_totals s ON s.period_from = t.period_from AND s.currency = t.currency
           ORDER BY t.period_from, t.currency`,
    values: [
      filter.periods.map((period) => period.from),
      filter.periods.map((period) => period.to),
      filter.timeZone,
      ...where.values,
    ],
  });
  return result.rows;
}

export async function fullSumProvisionBalances(
  db: pg.Pool,
  filter: ReportFilter & { dates: string[]; timeZone: string },
): Promise<ProvisionBalanceRow[]> {
  const where = filterSql(filter, 'i', 3);
  const result = await db.query<ProvisionBalanceRow>({
    text: `WITH dates AS (
             SELECT d AS as_of, (d + 1)::timestamp AT TIME ZONE $2 AS end_at FROM unnest($1::date[]) AS d
           ),
           open_items AS (
             SELECT d.as_of, d.end_at, i.customer_id, i.currency,
                    ${bucketSql('d.as_of - i.due_date', 'extended')} AS bucket, sum(e.amount_minor) AS balance
             FROM dates d
             JOIN invoices i ON i.issue_date <= d.as_of
             JOIN invoice_entries e ON e.invoice_id = i.invoice_id AND e.occurred_at < d.end_at
             WHERE true${where.sql}
             GROUP BY d.as_of, d.end_at, i.invoice_id
             HAVING sum(e.amount_minor) > 0
           ),
           per_customer AS (
             SELECT as_of, end_at, customer_id, currency, bucket, count(*)::int AS count, sum(balance) AS balance
             FROM open_items GROUP BY as_of, end_at, customer_id, currency, bucket
           )
           SELECT p.as_of::text AS as_of, p.currency, coalesce(r.risk_class, 'unknown') AS risk_class, p.bucket,
                  sum(p.count)::int AS count, sum(p.balance)::text AS balance_minor
           FROM per_customer p
           LEFT JOIN LATERAL (
             SELECT k.risk_class FROM customer_risk_classes k
             WHERE k.customer_id = p.customer_id AND k.assessed_at < p.end_at
             ORDER BY k.assessed_at DESC LIMIT 1
           ) r ON true
           GROUP BY 1, 2, 3, 4
           ORDER BY 1, 2, 3, 4`,
    values: [filter.dates, filter.timeZone, ...where.values],
  });
  return result.rows;
}

/** Write-offs per month of the reporting zone, from every write-off entry: the ledger's own query. */
export const fullSumWriteOffsByMonth = ledgerWriteOffsByMonth;
