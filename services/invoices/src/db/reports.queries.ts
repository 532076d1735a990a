import type pg from 'pg';

import { type AgingScheme, bucketSql } from '../reports/aging-buckets.ts';
import { filterSql, type ReportFilter } from '../reports/report-filter.ts';
import { AS_OF_BALANCES_SQL } from './as-of-balances.ts';
import { kpiKeptBalancesSql, kpiSummaryBalancesSql } from './kpi-balances.ts';
import { canUseSummary } from './receivable-summary.queries.ts';
import { summaryAgingBuckets } from './summary-reports.queries.ts';

// "As of D" covers every entry that occurred before the end of day D in the reporting zone ($3);
// dates are calendar dates.
// Balances are sums of signed entries, so cancelled and written-off invoices drop out by their entries;
// they are read from the kept balances (as-of-balances.ts), not re-added.
function openItemsAsOf(filter: AgingFilter): { sql: string; values: unknown[] } {
  const where = filterSql(filter, 'b', 4);
  return {
    sql: `
  instants AS (SELECT $1::date AS as_of, ($1::date + 1)::timestamp AT TIME ZONE $3 AS end_at),
  ${AS_OF_BALANCES_SQL},
  open_items AS (
    SELECT b.invoice_id, b.customer_id, b.currency,
           ${bucketSql('b.as_of - b.due_date', filter.scheme ?? 'standard')} AS bucket,
           b.balance AS balance_minor
    FROM as_of_balances b
    WHERE b.balance > 0
      AND ($2::text IS NULL OR b.customer_id = $2)${where.sql}
  )`,
    values: [filter.asOf, filter.customerId ?? null, filter.timeZone, ...where.values],
  };
}

export interface AgingFilter extends ReportFilter {
  asOf: string;
  /** IANA zone where the reporting day ends (REPORTING_TIME_ZONE). */
  timeZone: string;
  customerId?: string | undefined;
  /** standard: …, 61-90, 90+; extended: …, 61-90, 91-180, 181+. */
  scheme?: AgingScheme | undefined;
}

/** Sums are numeric in PostgreSQL (a bigint sum can overflow bigint), read as text, parsed as BigInt. */
export interface AgingBucketRow {
  currency: string;
  bucket: string;
  count: number;
  amount_minor: string;
}

export async function agingBuckets(
  db: pg.Pool | pg.PoolClient,
  filter: AgingFilter,
): Promise<AgingBucketRow[]> {
  if (await canUseSummary(db, filter)) return summaryAgingBuckets(db, filter);
  const open = openItemsAsOf(filter);
  const result = await db.query<AgingBucketRow>({
    text: `WITH ${open.sql}
           SELECT currency, bucket, count(*)::int AS count, sum(balance_minor)::text AS amount_minor
           FROM open_items GROUP BY currency, bucket ORDER BY currency`,
    values: open.values,
  });
  return result.rows;
}

export interface AgingCustomerBucketRow extends AgingBucketRow {
  customer_id: string;
}

/** Per-customer buckets of the `limit` customers owing the most in each currency, largest first. */
export async function agingBucketsByCustomer(
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
           ORDER BY o.currency, r.rank`,
    values: [...open.values, limit],
  });
  return result.rows;
}

export interface KpiPeriod {
  from: string;
  to: string;
}

export interface KpiFilter extends ReportFilter {
  /** One or more periods [from, to], computed in one pass (the trends report asks for many months). */
  periods: KpiPeriod[];
  /** IANA zone where the period's days begin and end (REPORTING_TIME_ZONE). */
  timeZone: string;
}

/** Amounts in minor units and ratios rounded to 4 decimals, all as text; null when a denominator is 0. */
export interface KpiRow {
  period_from: string;
  currency: string;
  days: number;
  opening_minor: string;
  closing_minor: string;
  closing_current_minor: string;
  closing_over_90_minor: string;
  credit_sales_minor: string;
  written_off_minor: string;
  cancelled_minor: string;
  discounts_minor: string;
  settled_count: number;
  dso: string | null;
  ar_turnover: string | null;
  overdue_ratio: string | null;
  over_90_share: string | null;
  cei: string | null;
  bad_debt_rate: string | null;
  days_late_simple: string | null;
  days_late_weighted: string | null;
}

/**
 * The KPI definitions, the one place they are written (the KPI and trends reports both read them).
 * Each period is [from, to], whole days in the reporting zone. Opening receivables are the aging total
 * as of the day before `from`, closing receivables the aging total as of `to`; "current" means not past
 * due at `to`, "over 90" more than 90 days past due at `to`. Credit sales are the invoices issued in the
 * period and not cancelled by its end; the remaining balances of older invoices cancelled in the period
 * are taken out of CEI (a cancellation is not a collection). An invoice is settled in the period when
 * its balance is 0 or less at the end of `to`, it was neither written off nor cancelled, and its last
 * payment fell in the period; its days late are that payment's date in the customer's zone minus its
 * due date (the ledger's daysLate; 0 if paid on time). Payments recorded by the initial load (source
 * 'import') are left out.
 */
export async function kpis(db: pg.Pool | pg.PoolClient, filter: KpiFilter): Promise<KpiRow[]> {
  const where = filterSql(filter, 'i', 4);
  // Balances at the period ends come from the receivable summary, or from the kept balances
  // (as-of-balances.ts) when it does not apply; the period's flows from its entries by kind and time;
  // the settled invoices from the payments made in it.
  const balances = (await canUseSummary(db, filter))
    ? kpiSummaryBalancesSql(`$${4 + where.values.length}`)
    : kpiKeptBalancesSql(filterSql(filter, 'b', 4).sql);
  const result = await db.query<KpiRow>({
    text: `WITH periods AS (
             SELECT p.period_from, p.period_to,
                    (p.period_from)::timestamp AT TIME ZONE $3 AS start_at,
                    (p.period_to + 1)::timestamp AT TIME ZONE $3 AS end_at
             FROM unnest($1::date[], $2::date[]) AS p (period_from, period_to)
           ),
           ${balances.instants},
           -- Every currency with an invoice issued by the period's end has a line, zeros included (an
           -- invoice is written with its issue entry, so it has entries from the start).
           currencies AS (
             WITH RECURSIVE c AS (
               (SELECT currency FROM invoices ORDER BY currency LIMIT 1)
               UNION ALL
               SELECT (SELECT n.currency FROM invoices n WHERE n.currency > c.currency ORDER BY n.currency LIMIT 1)
               FROM c WHERE c.currency IS NOT NULL
             )
             SELECT c.currency,
                    (SELECT min(i.issue_date) FROM invoices i
                     WHERE i.currency = c.currency${where.sql}) AS first_issue
             FROM c WHERE c.currency IS NOT NULL
           ),
           lines AS (
             SELECT p.period_from, p.period_to, p.start_at, p.end_at, k.currency
             FROM periods p JOIN currencies k ON k.first_issue <= p.period_to
           ),
           flows AS (
             SELECT l.period_from, l.currency,
                    coalesce(-sum(e.amount_minor) FILTER (WHERE e.kind = 'write-off'), 0) AS written_off,
                    coalesce(-sum(e.amount_minor) FILTER (
                      WHERE e.kind = 'cancellation' AND i.issue_date < l.period_from
                    ), 0) AS cancelled,
                    coalesce(-sum(e.amount_minor) FILTER (WHERE e.kind = 'discount'), 0) AS discounts
             FROM lines l
             JOIN invoice_entries e ON e.kind IN ('write-off', 'cancellation', 'discount')
               AND e.occurred_at >= l.start_at AND e.occurred_at < l.end_at
             JOIN invoices i ON i.invoice_id = e.invoice_id AND i.currency = l.currency
             WHERE i.issue_date <= l.period_to${where.sql}
             GROUP BY l.period_from, l.currency
           ),
           sales AS (
             SELECT l.period_from, l.currency, sum(i.amount_minor) AS credit_sales
             FROM lines l
             JOIN invoices i ON i.currency = l.currency AND i.issue_date BETWEEN l.period_from AND l.period_to
             WHERE NOT EXISTS (
                     SELECT 1 FROM invoice_entries x
                     WHERE x.invoice_id = i.invoice_id AND x.kind = 'cancellation' AND x.occurred_at < l.end_at
                   )${where.sql}
             GROUP BY l.period_from, l.currency
           ),
           paid AS (
             SELECT DISTINCT l.period_from, l.end_at, i.invoice_id, i.currency, i.amount_minor, i.due_date,
                    i.customer_id
             FROM lines l
             JOIN invoice_entries e ON e.kind = 'payment' AND e.source <> 'import'
               AND e.occurred_at >= l.start_at AND e.occurred_at < l.end_at
             JOIN invoices i ON i.invoice_id = e.invoice_id AND i.currency = l.currency
             WHERE i.issue_date <= l.period_to${where.sql}
           ),
           paid_state AS (
             SELECT p.period_from, p.currency, p.amount_minor, p.due_date, p.customer_id, s.*
             FROM paid p, LATERAL (
               SELECT sum(x.amount_minor) AS closing_balance,
                      bool_or(x.kind IN ('write-off', 'cancellation')) AS closed_otherwise,
                      max(x.occurred_at) FILTER (WHERE x.kind = 'payment' AND x.source <> 'import') AS last_paid_at
               FROM invoice_entries x WHERE x.invoice_id = p.invoice_id AND x.occurred_at < p.end_at
             ) s
           ),
           settled AS (
             SELECT s.period_from, s.currency, s.amount_minor,
                    greatest(0, (s.last_paid_at AT TIME ZONE coalesce(
                      (SELECT c.profile->>'timezone' FROM customers c WHERE c.customer_id = s.customer_id), 'UTC'
                    ))::date - s.due_date) AS days_late
             FROM paid_state s
             WHERE s.closing_balance <= 0 AND NOT s.closed_otherwise
           ),
           settled_totals AS (
             SELECT period_from, currency, count(*)::int AS settled_count, sum(days_late) AS days_late_sum,
                    sum(amount_minor::numeric * days_late) AS weighted_days_sum, sum(amount_minor) AS settled_minor
             FROM settled GROUP BY period_from, currency
           ),
           ${balances.balances},
           totals AS (
             SELECT l.period_from, l.period_to, l.currency,
                    coalesce(b.opening, 0) AS opening, coalesce(b.closing, 0) AS closing,
                    coalesce(b.closing_current, 0) AS closing_current,
                    coalesce(b.closing_over_90, 0) AS closing_over_90,
                    coalesce(s.credit_sales, 0) AS credit_sales, coalesce(f.cancelled, 0) AS cancelled,
                    coalesce(f.discounts, 0) AS discounts, coalesce(f.written_off, 0) AS written_off
             FROM lines l
             LEFT JOIN balances b ON b.period_from = l.period_from AND b.currency = l.currency
             LEFT JOIN sales s ON s.period_from = l.period_from AND s.currency = l.currency
             LEFT JOIN flows f ON f.period_from = l.period_from AND f.currency = l.currency
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
      ...(balances.summary ? [filter.currency ?? null] : []),
    ],
  });
  return result.rows;
}
