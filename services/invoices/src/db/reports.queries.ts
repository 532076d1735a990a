import { withTransaction } from '@dunning/pg';
import type pg from 'pg';

import { type AgingScheme, bucketSql } from '../reports/aging-buckets.ts';
import { filterSql, type ReportFilter } from '../reports/report-filter.ts';
import { AS_OF_BALANCES_SQL } from './as-of-balances.ts';
import { kpiKeptBalancesSql, kpiSummaryBalancesSql } from './kpi-balances.ts';
import { KPI_SUMMARY_FLOWS_SQL, kpiLedgerFlowsSql } from './kpi-flows.ts';
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

/**
 * Per-customer buckets of the `limit` customers owing the most in each currency, largest first. The
 * ranking reads what each customer owes now (customer_open_totals, migration 018), moved by the deltas:
 * its log not yet folded, and the few invoices whose part differs as of the date (issued after it and
 * open now, or with entries since its end; for today none or a handful). Unfiltered, only the top
 * `limit` + (customers with a delta) of each currency's totals can rank, read from the top of an index;
 * with a customer or profile filter every customer's total is ranked. Only the ranked customers'
 * invoices are then read.
 */
export async function agingBucketsByCustomer(
  pool: pg.Pool,
  filter: AgingFilter,
  limit: number,
): Promise<AgingCustomerBucketRow[]> {
  const where = filterSql({ ...filter, currency: undefined }, 'a', 6);
  const fromTheTop = where.sql === '' && filter.customerId === undefined;
  const owed = fromTheTop
    ? `currencies (currency) AS (
             -- Each currency once, from the index (a skip scan), not from every customer's total.
             SELECT min(currency) FROM customer_open_totals
             UNION ALL
             SELECT (SELECT min(t.currency) FROM customer_open_totals t WHERE t.currency > c.currency)
             FROM currencies c WHERE c.currency IS NOT NULL
           ),
           candidates AS (
             SELECT t.customer_id, t.currency, t.open_minor
             FROM currencies c
             CROSS JOIN LATERAL (
               SELECT customer_id, currency, open_minor FROM customer_open_totals
               WHERE currency = c.currency AND ($5::text IS NULL OR currency = $5)
               ORDER BY open_minor DESC, customer_id
               LIMIT $4 + (SELECT count(*) FROM deltas d WHERE d.currency = c.currency)) t
             UNION
             SELECT d.customer_id, d.currency,
                    coalesce((SELECT t.open_minor FROM customer_open_totals t
                              WHERE t.customer_id = d.customer_id AND t.currency = d.currency), 0)
             FROM deltas d WHERE $5::text IS NULL OR d.currency = $5
           ),
           owed AS (
             SELECT c.customer_id, c.currency, c.open_minor + coalesce(d.delta, 0) AS open_minor
             FROM candidates c LEFT JOIN deltas d ON d.customer_id = c.customer_id AND d.currency = c.currency
           )`
    : `owed AS (
             SELECT coalesce(t.customer_id, d.customer_id) AS customer_id, coalesce(t.currency, d.currency) AS currency,
                    coalesce(t.open_minor, 0) + coalesce(d.delta, 0) AS open_minor
             FROM customer_open_totals t
             FULL JOIN deltas d ON d.customer_id = t.customer_id AND d.currency = t.currency
           )`;
  // Without JIT: the planner cannot know how few customers rank, so its cost estimate makes JIT compile
  // the statement, which took 1.4 s of 1.5 s at a million invoices.
  const result = await withTransaction(pool, async (db) => {
    await db.query('SET LOCAL jit = off');
    return db.query<AgingCustomerBucketRow>({
      text: `WITH RECURSIVE
           later AS MATERIALIZED (
             SELECT e.invoice_id, sum(e.amount_minor) AS later FROM invoice_entries e
             WHERE e.occurred_at >= ($1::date + 1)::timestamp AT TIME ZONE $3
             GROUP BY e.invoice_id
           ),
           differing AS (
             SELECT i.customer_id, i.currency, i.issue_date, i.balance_minor, coalesce(l.later, 0) AS later
             FROM invoices i LEFT JOIN later l ON l.invoice_id = i.invoice_id
             WHERE i.balance_minor > 0 AND i.issue_date > $1::date
             UNION ALL
             SELECT i.customer_id, i.currency, i.issue_date, i.balance_minor, l.later
             FROM later l JOIN invoices i ON i.invoice_id = l.invoice_id
             WHERE NOT (i.balance_minor > 0 AND i.issue_date > $1::date)
           ),
           deltas AS MATERIALIZED (
             SELECT customer_id, currency, sum(delta) AS delta
             FROM (SELECT customer_id, currency, open_minor AS delta FROM customer_open_changes
                   UNION ALL
                   SELECT customer_id, currency,
                          CASE WHEN issue_date <= $1::date THEN greatest(balance_minor - later, 0) ELSE 0 END
                          - greatest(balance_minor, 0)
                   FROM differing) d
             GROUP BY customer_id, currency
           ),
           ${owed},
           ranked AS (
             SELECT a.currency, a.customer_id,
                    row_number() OVER (PARTITION BY a.currency ORDER BY a.open_minor DESC, a.customer_id) AS rank
             FROM owed a
             WHERE a.open_minor > 0 AND ($2::text IS NULL OR a.customer_id = $2)
               AND ($5::text IS NULL OR a.currency = $5)${where.sql}
           ),
           top AS MATERIALIZED (SELECT * FROM ranked WHERE rank <= $4),
           items AS (
             -- Per ranked customer by index (OFFSET 0 keeps the planner from making it a join over every open
             -- invoice, as it would for the many customers it expects ranked).
             SELECT t.currency, t.customer_id, t.rank, i.due_date, i.balance
             FROM top t
             CROSS JOIN LATERAL (
               SELECT i.due_date, i.balance_minor - coalesce(l.later, 0) AS balance
               FROM invoices i LEFT JOIN later l ON l.invoice_id = i.invoice_id
               WHERE i.customer_id = t.customer_id AND i.currency = t.currency AND i.issue_date <= $1::date
                 AND (i.balance_minor > 0 OR l.invoice_id IS NOT NULL)
               OFFSET 0) i
           )
           SELECT currency, customer_id, ${bucketSql('$1::date - due_date', filter.scheme ?? 'standard')} AS bucket,
                  count(*)::int AS count, sum(balance)::text AS amount_minor
           FROM items WHERE balance > 0
           GROUP BY currency, customer_id, bucket, rank
           ORDER BY currency, rank, bucket`,
      values: [
        filter.asOf,
        filter.customerId ?? null,
        filter.timeZone,
        limit,
        filter.currency ?? null,
        ...where.values,
      ],
    });
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
  // (as-of-balances.ts) when it does not apply; the period's flows, sales and settled invoices from the
  // period summary, or from its entries by kind and time and the payments made in it (kpi-flows.ts).
  const useSummary = await canUseSummary(db, filter);
  const balances = useSummary
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
           ${useSummary ? KPI_SUMMARY_FLOWS_SQL : kpiLedgerFlowsSql(where.sql)},
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
