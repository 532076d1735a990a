import type pg from 'pg';
import { bucketSql } from '../reports/aging-buckets.ts';
import { filterSql, type ReportFilter } from '../reports/report-filter.ts';
import { AS_OF_BALANCES_SQL } from './as-of-balances.ts';
import { canUseSummary } from './receivable-summary.queries.ts';
import { summaryProvisionBalances, summaryWriteOffsByMonth } from './summary-reports.queries.ts';

export interface PeriodFilter extends ReportFilter {
  from: string;
  to: string;
  /** IANA zone where the period's days begin and end (REPORTING_TIME_ZONE). */
  timeZone: string;
}

export interface OverdueReasonRow {
  reason: string;
  /** null on the reason's line across currencies. */
  currency: string | null;
  invoices: number;
  customers: number;
  amount_minor: string;
  open_minor: string;
  paid: number;
  credited: number;
  written_off: number;
  still_open: number;
}

/**
 * Invoices that were given an overdue reason in the period, each under the last reason given to it in
 * the period, and how each ended by now: still open (balance above 0), else by the last entry that
 * reduced it: payment or discount → paid, write-off → written off, credit note, dispute adjustment or
 * cancellation → credited. Amount is the invoices' issued amount; open is what they still owe.
 */
export async function overdueReasons(db: pg.Pool, filter: PeriodFilter): Promise<OverdueReasonRow[]> {
  const where = filterSql(filter, 'i', 4);
  const result = await db.query<OverdueReasonRow>({
    text: `WITH latest AS (
             SELECT DISTINCT ON (r.invoice_id) r.invoice_id, r.reason
             FROM overdue_reasons r
             WHERE r.recorded_at >= ($1::date)::timestamp AT TIME ZONE $3
               AND r.recorded_at < ($2::date + 1)::timestamp AT TIME ZONE $3
             ORDER BY r.invoice_id, r.recorded_at DESC, r.source DESC, r.source_id DESC
           ),
           items AS (
             SELECT l.reason, i.currency, i.customer_id, i.amount_minor, i.balance_minor,
                    (SELECT e.kind FROM invoice_entries e
                     WHERE e.invoice_id = i.invoice_id AND e.amount_minor < 0
                     ORDER BY e.occurred_at DESC, e.entry_id DESC LIMIT 1) AS last_reduction
             FROM latest l JOIN invoices i ON i.invoice_id = l.invoice_id
             WHERE true${where.sql}
           )
           SELECT reason, currency, count(*)::int AS invoices, count(DISTINCT customer_id)::int AS customers,
                  sum(amount_minor)::text AS amount_minor, sum(greatest(balance_minor, 0))::text AS open_minor,
                  count(*) FILTER (WHERE balance_minor <= 0 AND last_reduction IN ('payment', 'discount'))::int AS paid,
                  count(*) FILTER (WHERE balance_minor <= 0 AND last_reduction = 'write-off')::int AS written_off,
                  count(*) FILTER (
                    WHERE balance_minor <= 0 AND last_reduction NOT IN ('payment', 'discount', 'write-off')
                  )::int AS credited,
                  count(*) FILTER (WHERE balance_minor > 0)::int AS still_open
           FROM items
           GROUP BY GROUPING SETS ((reason, currency), (reason))
           ORDER BY reason, currency NULLS FIRST`,
    values: [filter.from, filter.to, filter.timeZone, ...where.values],
  });
  return result.rows;
}

export interface TopCustomerRow {
  currency: string;
  customer_id: string;
  rank: number;
  customers: number;
  collected_minor: string;
  total_minor: string;
  payments: number;
  days_late_mean: string;
  days_late_stddev: string;
}

/**
 * Per currency, the customers who paid in the period, ranked by amount collected (payments in the
 * period; the initial load's are not collections), and the first ceil(20 % of them). Days late of a
 * payment = its date in the customer's zone − the invoice's due date, in calendar days, negative when
 * early; mean and population standard deviation over the customer's payments in the period.
 */
export async function topCustomers(db: pg.Pool, filter: PeriodFilter): Promise<TopCustomerRow[]> {
  const where = filterSql(filter, 'p', 4);
  const result = await db.query<TopCustomerRow>({
    // payment_days_late holds every payment but the initial load's, with its currency, amount collected
    // and days late (kept by a trigger on the entries): the period is one index range of it.
    text: `WITH payments AS (
             SELECT p.currency, p.customer_id, p.collected_minor AS amount_minor, p.days_late
             FROM payment_days_late p
             WHERE p.occurred_at >= ($1::date)::timestamp AT TIME ZONE $3
               AND p.occurred_at < ($2::date + 1)::timestamp AT TIME ZONE $3${where.sql}
           ),
           per_customer AS (
             SELECT currency, customer_id, sum(amount_minor) AS collected, count(*)::int AS payments,
                    avg(days_late) AS mean, stddev_pop(days_late) AS stddev
             FROM payments GROUP BY currency, customer_id
           ),
           ranked AS (
             SELECT *, row_number() OVER (PARTITION BY currency ORDER BY collected DESC, customer_id)::int AS rank,
                    count(*) OVER (PARTITION BY currency)::int AS customers,
                    sum(collected) OVER (PARTITION BY currency) AS total
             FROM per_customer
           )
           SELECT currency, customer_id, rank, customers, collected::text AS collected_minor,
                  total::text AS total_minor, payments, round(mean, 4)::text AS days_late_mean,
                  round(stddev, 4)::text AS days_late_stddev
           FROM ranked WHERE rank <= ceil(customers * 0.2)
           ORDER BY currency, rank`,
    values: [filter.from, filter.to, filter.timeZone, ...where.values],
  });
  return result.rows;
}

export interface ProvisionBalanceRow {
  as_of: string;
  currency: string;
  risk_class: string;
  bucket: string;
  count: number;
  balance_minor: string;
}

/**
 * Open balances as of the end of each date (the aging report's rule, extended buckets) per currency,
 * risk class and bucket; a customer's class is the last one assessed before the end of that date
 * (`unknown` before any).
 */
export async function provisionBalances(
  db: pg.Pool,
  filter: ReportFilter & { dates: string[]; timeZone: string },
): Promise<ProvisionBalanceRow[]> {
  if (await canUseSummary(db, filter)) return summaryProvisionBalances(db, filter);
  const where = filterSql(filter, 'b', 3);
  const result = await db.query<ProvisionBalanceRow>({
    text: `WITH instants AS (
             SELECT DISTINCT d AS as_of, (d + 1)::timestamp AT TIME ZONE $2 AS end_at FROM unnest($1::date[]) AS d
           ),
           ${AS_OF_BALANCES_SQL},
           open_items AS (
             SELECT b.as_of, b.end_at, b.customer_id, b.currency,
                    ${bucketSql('b.as_of - b.due_date', 'extended')} AS bucket, b.balance
             FROM as_of_balances b
             WHERE b.balance > 0${where.sql}
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

export interface WriteOffRow {
  month: string;
  currency: string;
  written_off_minor: string;
}

/** Write-offs per month of the reporting zone, from the period summary when it applies. */
export async function writeOffsByMonth(db: pg.Pool, filter: PeriodFilter): Promise<WriteOffRow[]> {
  if (await canUseSummary(db, filter)) return summaryWriteOffsByMonth(db, filter);
  return ledgerWriteOffsByMonth(db, filter);
}

/** Write-off entries per calendar month of the reporting zone and currency, from `from` to the end of `to`. */
export async function ledgerWriteOffsByMonth(db: pg.Pool, filter: PeriodFilter): Promise<WriteOffRow[]> {
  const where = filterSql(filter, 'i', 4);
  const result = await db.query<WriteOffRow>({
    text: `SELECT to_char(e.occurred_at AT TIME ZONE $3, 'YYYY-MM') AS month, i.currency,
                  (-sum(e.amount_minor))::text AS written_off_minor
           FROM invoice_entries e JOIN invoices i ON i.invoice_id = e.invoice_id
           WHERE e.kind = 'write-off'
             AND e.occurred_at >= ($1::date)::timestamp AT TIME ZONE $3
             AND e.occurred_at < ($2::date + 1)::timestamp AT TIME ZONE $3${where.sql}
           GROUP BY 1, 2 ORDER BY 1, 2`,
    values: [filter.from, filter.to, filter.timeZone, ...where.values],
  });
  return result.rows;
}
