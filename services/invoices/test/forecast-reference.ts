import { withTransaction } from '@dunning/pg';
import type pg from 'pg';
import type { ForecastFilter, ForecastItemRow } from '../src/db/forecast.queries.ts';
import { filterSql } from '../src/reports/report-filter.ts';

// The forecast's open items read from every open invoice joined to its disputes, promises and later
// entries (customers' histories capped at minPayments): the reference the service's query, which sums
// the plain invoices apart, is checked against (reports-fast-path.test.ts).

const END_AT = '(($1::date + 1)::timestamp AT TIME ZONE $2)';
const LOOKBACK_AT = '(($1::date + 1 - $3::int)::timestamp AT TIME ZONE $2)';

export async function forecastItemsFromEveryInvoice(
  pool: pg.Pool,
  filter: ForecastFilter,
): Promise<ForecastItemRow[]> {
  const where = filterSql(filter, 'i', 5);
  const result = await withTransaction(pool, async (client) => {
    // One statement of a few hundred thousand rows: JIT compiling it costs seconds for nothing, and its
    // sorts and hashes fit in memory with a little more than the default work_mem.
    await client.query("SET TRANSACTION READ ONLY; SET LOCAL jit = off; SET LOCAL work_mem = '64MB'");
    return client.query<ForecastItemRow>({
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
  });
  return result.rows;
}
