/**
 * The KPI query's period sums as a CTE list placed after `lines`: `flows (period_from, currency,
 * written_off, cancelled, discounts)`, `sales (period_from, currency, credit_sales)` and
 * `settled_totals (period_from, currency, settled_count, days_late_sum, weighted_days_sum,
 * settled_minor)`. Their definitions are the doc comment of `kpis` (reports.queries.ts).
 */

/** The kept period rows (migration 016): compacted day totals and the log not yet compacted. */
export const PERIOD_ROWS_SQL = `
  period_rows AS NOT MATERIALIZED (
    SELECT measure, currency, key_date, day, item_count, amount_minor, days_late, weighted_days
    FROM period_day_totals
    UNION ALL
    SELECT measure, currency, key_date, day, item_count, amount_minor, days_late, weighted_days
    FROM period_changes
  )`;

/** From the period summary: each period reads the rows of its own days. */
export const KPI_SUMMARY_FLOWS_SQL = `
  ${PERIOD_ROWS_SQL},
  flows AS (
    SELECT l.period_from, l.currency,
           coalesce(sum(r.amount_minor) FILTER (WHERE r.measure = 'write-off' AND r.key_date <= l.period_to), 0)
             AS written_off,
           coalesce(sum(r.amount_minor) FILTER (WHERE r.measure = 'cancellation' AND r.key_date < l.period_from), 0)
             AS cancelled,
           coalesce(sum(r.amount_minor) FILTER (WHERE r.measure = 'discount' AND r.key_date <= l.period_to), 0)
             AS discounts
    FROM lines l
    JOIN period_rows r ON r.measure IN ('write-off', 'cancellation', 'discount') AND r.currency = l.currency
      AND r.day BETWEEN l.period_from AND l.period_to
    GROUP BY l.period_from, l.currency
  ),
  sales AS (
    SELECT l.period_from, l.currency, sum(r.amount_minor) AS credit_sales
    FROM lines l
    JOIN period_rows r ON r.measure = 'sale' AND r.currency = l.currency
      AND r.key_date BETWEEN l.period_from AND l.period_to AND r.day <= l.period_to
    GROUP BY l.period_from, l.currency
  ),
  settled_totals AS (
    SELECT l.period_from, l.currency, sum(r.item_count)::int AS settled_count, sum(r.days_late) AS days_late_sum,
           sum(r.weighted_days) AS weighted_days_sum, sum(r.amount_minor) AS settled_minor
    FROM lines l
    JOIN period_rows r ON r.measure = 'settled' AND r.currency = l.currency
      AND r.key_date BETWEEN l.period_from AND l.period_to AND r.day <= l.period_to
    GROUP BY l.period_from, l.currency
    HAVING sum(r.item_count) <> 0
  )`;

/** From the ledger's entries by kind and time; `where`: filter conditions on the invoice `i`. */
export const kpiLedgerFlowsSql = (where: string) => `
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
    WHERE i.issue_date <= l.period_to${where}
    GROUP BY l.period_from, l.currency
  ),
  sales AS (
    SELECT l.period_from, l.currency, sum(i.amount_minor) AS credit_sales
    FROM lines l
    JOIN invoices i ON i.currency = l.currency AND i.issue_date BETWEEN l.period_from AND l.period_to
    WHERE NOT EXISTS (
            SELECT 1 FROM invoice_entries x
            WHERE x.invoice_id = i.invoice_id AND x.kind = 'cancellation' AND x.occurred_at < l.end_at
          )${where}
    GROUP BY l.period_from, l.currency
  ),
  paid AS (
    SELECT DISTINCT l.period_from, l.end_at, i.invoice_id, i.currency, i.amount_minor, i.due_date,
           i.customer_id
    FROM lines l
    JOIN invoice_entries e ON e.kind = 'payment' AND e.source <> 'import'
      AND e.occurred_at >= l.start_at AND e.occurred_at < l.end_at
    JOIN invoices i ON i.invoice_id = e.invoice_id AND i.currency = l.currency
    WHERE i.issue_date <= l.period_to${where}
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
  )`;
