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
 * Open amounts as of asOf, summed per currency, due date and customer history (payments capped at
 * minPayments, median days late); invoices an open promise names come one per row with their id.
 * Amounts are numeric sums read as text.
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
 */
export async function forecastItems(pool: pg.Pool, filter: ForecastFilter): Promise<ForecastItemRow[]> {
  const where = filterSql(filter, 'i', 5);
  const client = await pool.connect();
  try {
    // One statement of a few hundred thousand rows: JIT compiling it costs seconds for nothing, and its
    // sorts and hashes fit in memory with a little more than the default work_mem.
    await client.query("BEGIN READ ONLY; SET LOCAL jit = off; SET LOCAL work_mem = '64MB'");
    const result = await client.query<ForecastItemRow>({
      text: `WITH
           paid AS MATERIALIZED (
             SELECT p.customer_id, p.days_late
             FROM payment_days_late p WHERE p.occurred_at >= ${LOOKBACK_AT} AND p.occurred_at < ${END_AT}
           ),
           history AS (
             -- Grouped byte-wise ("C"): the same groups, a sort several times cheaper than the locale's.
             SELECT customer_id COLLATE "C" AS customer_id, count(*)::int AS payments,
                    percentile_disc(0.5) WITHIN GROUP (ORDER BY days_late) AS median_days_late
             FROM paid GROUP BY customer_id COLLATE "C"
           ),
           portfolio AS (
             SELECT min(days_late) FILTER (WHERE 2 * running >= total) AS median_days_late
             FROM (SELECT days_late, sum(n) OVER (ORDER BY days_late) AS running, sum(n) OVER () AS total
                   FROM (SELECT days_late, count(*) AS n FROM paid GROUP BY days_late) counts) cumulative
           ),
           changed AS (
             SELECT e.invoice_id, sum(e.amount_minor) AS later_minor
             FROM invoice_entries e WHERE e.occurred_at >= ${END_AT}
             GROUP BY e.invoice_id
           ),
           disputed AS (
             -- A dispute without an amount disputes the whole balance (null here).
             SELECT d.invoice_id,
                    CASE WHEN bool_or(d.amount_minor IS NULL) THEN NULL ELSE sum(d.amount_minor) END AS disputed_minor
             FROM disputes d WHERE d.opened_at < ${END_AT} AND (d.resolved_at IS NULL OR d.resolved_at >= ${END_AT})
             GROUP BY d.invoice_id
           ),
           promised AS (
             SELECT DISTINCT unnest(p.invoice_ids) AS invoice_id
             FROM payment_promises p
             WHERE p.recorded_at < ${END_AT} AND (p.resolved_at IS NULL OR p.resolved_at >= ${END_AT})
           ),
           open_items AS (
             SELECT i.invoice_id, i.customer_id, i.currency, i.due_date,
                    i.balance_minor - coalesce(c.later_minor, 0) AS open_minor, d.invoice_id IS NOT NULL AS disputed,
                    d.disputed_minor, pr.invoice_id AS promised_invoice_id
             FROM invoices i LEFT JOIN changed c ON c.invoice_id = i.invoice_id
             LEFT JOIN disputed d ON d.invoice_id = i.invoice_id
             LEFT JOIN promised pr ON pr.invoice_id = i.invoice_id
             WHERE i.balance_minor > 0 AND i.issue_date <= $1::date${where.sql}
             UNION ALL
             -- By primary key (OFFSET 0 keeps the planner from turning it into a hash join over every closed
             -- invoice): the few invoices changed since asOf.
             SELECT i.invoice_id, i.customer_id, i.currency, i.due_date, i.balance_minor - c.later_minor,
                    d.invoice_id IS NOT NULL, d.disputed_minor, pr.invoice_id
             FROM changed c
             CROSS JOIN LATERAL (SELECT * FROM invoices WHERE invoice_id = c.invoice_id OFFSET 0) i
             LEFT JOIN disputed d ON d.invoice_id = i.invoice_id
             LEFT JOIN promised pr ON pr.invoice_id = i.invoice_id
             WHERE i.balance_minor <= 0 AND i.issue_date <= $1::date${where.sql}
           )
           SELECT o.currency, o.due_date::text AS due_date, o.promised_invoice_id AS invoice_id,
                  least(coalesce(h.payments, 0), $4::int) AS payments, h.median_days_late,
                  sum(o.open_minor)::text AS open_minor,
                  sum(CASE WHEN NOT o.disputed THEN 0 ELSE least(coalesce(o.disputed_minor, o.open_minor), o.open_minor) END)::text
                    AS disputed_minor,
                  (SELECT median_days_late FROM portfolio) AS portfolio_median_days_late
           FROM open_items o
           LEFT JOIN history h ON h.customer_id = o.customer_id COLLATE "C"
           WHERE o.open_minor > 0
           GROUP BY o.currency, o.due_date, o.promised_invoice_id, least(coalesce(h.payments, 0), $4::int), h.median_days_late`,
      values: [filter.asOf, filter.timeZone, filter.lookbackDays, filter.minPayments, ...where.values],
    });
    await client.query('COMMIT');
    return result.rows;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
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
