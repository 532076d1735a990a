import { withTransaction } from '@dunning/pg';
import type pg from 'pg';
import { filterSql, type ReportFilter } from '../reports/report-filter.ts';

type Db = pg.Pool | pg.PoolClient;

/**
 * The report filters choose the open items (their invoice's currency and customer); customers' histories
 * and the portfolio's median stay those of every customer, as the model's fallback behaviour.
 */
export interface ForecastFilter extends ReportFilter {
  asOf: string;
  /** IANA zone where the reporting day ends (REPORTING_TIME_ZONE). */
  timeZone: string;
  /** Days of payments before the end of asOf that make up a customer's history. */
  lookbackDays: number;
  /** Histories with more payments than this are alike to the model; capping the count groups more rows. */
  minPayments: number;
}

/**
 * Open amounts as of asOf, summed per currency, due date and customer history as the model tells it
 * apart (payments: minPayments and the median when the customer has that many in the lookback, else 0
 * and null); invoices an open promise names come one per row with their id. Amounts are numeric sums
 * read as text.
 */
export interface ForecastItemRow {
  currency: string;
  due_date: string;
  invoice_id: string | null;
  payments: number;
  median_days_late: number | null;
  open_minor: string;
  disputed_minor: string;
  portfolio_median_days_late: number | null;
}

// "As of D": entries that occurred before the end of D in the reporting zone ($2). An invoice's balance
// as of D is its balance now less what occurred after D, so only invoices open now or changed since D
// are read (the partial open index and the occurred_at index), never the whole ledger.
// Written out rather than read from a CTE, the bounds are constants to the planner (node-postgres plans
// each statement with its parameters): its row estimates, and so its joins, follow the real ranges.
const END_AT = '(($1::date + 1)::timestamp AT TIME ZONE $2)';
const LOOKBACK_AT = '(($1::date + 1 - $3::int)::timestamp AT TIME ZONE $2)';

/**
 * A payment's days late (the ledger's daysLate, negative when early) comes from payment_days_late, kept by
 * a trigger on the entries; the portfolio's lower median is read off the count per days late (the first
 * value whose running count reaches half), which needs no sort of every payment.
 *
 * Most open invoices are plain: open now, unchanged since asOf, named by no promise. They are summed
 * straight from the open-invoice index with their disputed part (disputes as of asOf, joined by hash),
 * grouped by what the model tells apart (currency, due date, and the customer's median when their history
 * is long enough, else none: the portfolio's). The few others (changed since asOf, named by a promise) are
 * read one by one by key.
 */
export async function forecastItems(pool: pg.Pool, filter: ForecastFilter): Promise<ForecastItemRow[]> {
  const where = filterSql(filter, 'i', 5);
  const result = await withTransaction(pool, async (client) => {
    // Half a million rows: JIT compiling the statement costs more than it saves, and its hashes fit in
    // memory with a little more than the default work_mem.
    await client.query(
      "SET TRANSACTION READ ONLY; SET LOCAL jit = off; SET LOCAL work_mem = '64MB'; SET LOCAL parallel_setup_cost = 0; SET LOCAL parallel_tuple_cost = 0",
    );
    return client.query<ForecastItemRow>({
      text: `WITH
           history AS NOT MATERIALIZED (
             -- Per customer: null unless enough payments for their own median (the model's rule).
             SELECT p.customer_id,
                    CASE WHEN count(*) >= $4 THEN percentile_disc(0.5) WITHIN GROUP (ORDER BY p.days_late) END
                      AS median_days_late
             FROM payment_days_late p WHERE p.occurred_at >= ${LOOKBACK_AT} AND p.occurred_at < ${END_AT}
             GROUP BY p.customer_id
           ),
           portfolio AS (
             SELECT min(days_late) FILTER (WHERE 2 * running >= total) AS median_days_late
             FROM (SELECT days_late, sum(n) OVER (ORDER BY days_late) AS running, sum(n) OVER () AS total
                   FROM (SELECT p.days_late, count(*) AS n FROM payment_days_late p
                         WHERE p.occurred_at >= ${LOOKBACK_AT} AND p.occurred_at < ${END_AT}
                         GROUP BY p.days_late) counts) cumulative
           ),
           changed AS MATERIALIZED (
             SELECT e.invoice_id, sum(e.amount_minor) AS later_minor
             FROM invoice_entries e WHERE e.occurred_at >= ${END_AT}
             GROUP BY e.invoice_id
           ),
           disputed AS NOT MATERIALIZED (
             -- A dispute without an amount disputes the whole balance (null here).
             SELECT d.invoice_id,
                    CASE WHEN bool_or(d.amount_minor IS NULL) THEN NULL ELSE sum(d.amount_minor) END AS disputed_minor
             FROM disputes d WHERE d.opened_at < ${END_AT} AND (d.resolved_at IS NULL OR d.resolved_at >= ${END_AT})
             GROUP BY d.invoice_id
           ),
           promised AS MATERIALIZED (
             SELECT DISTINCT unnest(p.invoice_ids) AS invoice_id
             FROM payment_promises p
             WHERE p.recorded_at < ${END_AT} AND (p.resolved_at IS NULL OR p.resolved_at >= ${END_AT})
           ),
           special AS MATERIALIZED (
             SELECT invoice_id FROM changed UNION SELECT invoice_id FROM promised
           ),
           items AS (
             -- Unchanged since asOf and named by no promise: today's balance, its disputed part joined.
             SELECT i.currency, i.due_date, i.customer_id, NULL::text AS promised_invoice_id,
                    i.balance_minor AS open_minor,
                    CASE WHEN d.invoice_id IS NULL THEN 0
                         ELSE least(coalesce(d.disputed_minor, i.balance_minor), i.balance_minor) END AS disputed_minor
             FROM invoices i LEFT JOIN disputed d ON d.invoice_id = i.invoice_id
             WHERE i.balance_minor > 0 AND i.issue_date <= $1::date${where.sql}
               AND NOT EXISTS (SELECT 1 FROM special s WHERE s.invoice_id = i.invoice_id)
             UNION ALL
             SELECT o.currency, o.due_date, o.customer_id, o.promised_invoice_id, o.open_minor,
                    CASE WHEN NOT o.disputed THEN 0 ELSE least(coalesce(o.disputed_minor, o.open_minor), o.open_minor) END
             FROM (SELECT i.currency, i.due_date, i.customer_id, pr.invoice_id AS promised_invoice_id,
                          i.balance_minor - coalesce(c.later_minor, 0) AS open_minor,
                          d.invoice_id IS NOT NULL AS disputed, d.disputed_minor
                   FROM special s
                   CROSS JOIN LATERAL (SELECT * FROM invoices WHERE invoice_id = s.invoice_id OFFSET 0) i
                   LEFT JOIN changed c ON c.invoice_id = i.invoice_id
                   LEFT JOIN disputed d ON d.invoice_id = i.invoice_id
                   LEFT JOIN promised pr ON pr.invoice_id = i.invoice_id
                   WHERE i.issue_date <= $1::date${where.sql}) o
             WHERE o.open_minor > 0
           )
           SELECT o.currency, o.due_date::text AS due_date, o.promised_invoice_id AS invoice_id,
                  CASE WHEN h.median_days_late IS NULL THEN 0 ELSE $4::int END AS payments, h.median_days_late,
                  sum(o.open_minor)::text AS open_minor, sum(o.disputed_minor)::text AS disputed_minor,
                  (SELECT median_days_late FROM portfolio) AS portfolio_median_days_late
           FROM items o LEFT JOIN history h ON h.customer_id = o.customer_id
           GROUP BY o.currency, o.due_date, o.promised_invoice_id, h.median_days_late`,
      values: [filter.asOf, filter.timeZone, filter.lookbackDays, filter.minPayments, ...where.values],
    });
  });
  return result.rows;
}

export interface ForecastPromiseRow {
  promise_id: string;
  currency: string;
  invoice_ids: string[];
  promised_date: string;
  amount_minor: string;
}

/** Promises recorded by the end of asOf and neither kept nor broken by then, of the filter's customers. */
export async function openPromises(
  db: Db,
  filter: Pick<ForecastFilter, 'asOf' | 'timeZone'> & ReportFilter,
): Promise<ForecastPromiseRow[]> {
  const where = filterSql(filter, 'p', 3);
  const result = await db.query<ForecastPromiseRow>({
    text: `SELECT p.promise_id, p.currency, p.invoice_ids, p.promised_date::text AS promised_date,
                  p.amount_minor::text AS amount_minor
           FROM payment_promises p
           WHERE p.recorded_at < ($1::date + 1)::timestamp AT TIME ZONE $2
             AND (p.resolved_at IS NULL OR p.resolved_at >= ($1::date + 1)::timestamp AT TIME ZONE $2)
             ${where.sql}`,
    values: [filter.asOf, filter.timeZone, ...where.values],
  });
  return result.rows;
}
