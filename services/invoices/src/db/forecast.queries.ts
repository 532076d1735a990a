import type pg from 'pg';

type Db = pg.Pool | pg.PoolClient;

export interface ForecastFilter {
  asOf: string;
  /** IANA zone where the reporting day ends (REPORTING_TIME_ZONE). */
  timeZone: string;
  currency?: string | undefined;
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
const AS_OF = `
  bounds AS (
    SELECT ($1::date + 1)::timestamp AT TIME ZONE $2 AS end_at,
           ($1::date + 1 - $4::int)::timestamp AT TIME ZONE $2 AS lookback_at
  )`;

/**
 * A payment's days late: the day it occurred in the customer's zone − the due date (the ledger's
 * daysLate, negative when early). Payments of the initial load are balances, not behaviour.
 */
export async function forecastItems(db: Db, filter: ForecastFilter): Promise<ForecastItemRow[]> {
  const result = await db.query<ForecastItemRow>({
    text: `WITH ${AS_OF},
           paid AS (
             SELECT i.customer_id,
                    (e.occurred_at AT TIME ZONE coalesce(c.profile->>'timezone', 'UTC'))::date - i.due_date AS days_late
             FROM bounds b
             JOIN invoice_entries e ON e.kind = 'payment' AND e.source <> 'import'
               AND e.occurred_at >= b.lookback_at AND e.occurred_at < b.end_at
             JOIN invoices i ON i.invoice_id = e.invoice_id
             LEFT JOIN customers c ON c.customer_id = i.customer_id
           ),
           history AS (
             SELECT customer_id, count(*)::int AS payments,
                    percentile_disc(0.5) WITHIN GROUP (ORDER BY days_late) AS median_days_late
             FROM paid GROUP BY customer_id
           ),
           changed AS (
             SELECT e.invoice_id, sum(e.amount_minor) AS later_minor
             FROM bounds b JOIN invoice_entries e ON e.occurred_at >= b.end_at
             GROUP BY e.invoice_id
           ),
           open_items AS (
             SELECT i.invoice_id, i.customer_id, i.currency, i.due_date,
                    i.balance_minor - coalesce(c.later_minor, 0) AS open_minor
             FROM invoices i LEFT JOIN changed c ON c.invoice_id = i.invoice_id
             WHERE i.balance_minor > 0 AND i.issue_date <= $1::date AND ($3::text IS NULL OR i.currency = $3)
             UNION ALL
             -- By primary key (OFFSET 0 keeps the planner from turning it into a hash join over every closed
             -- invoice): the few invoices changed since asOf.
             SELECT i.invoice_id, i.customer_id, i.currency, i.due_date, i.balance_minor - c.later_minor
             FROM changed c
             CROSS JOIN LATERAL (SELECT * FROM invoices WHERE invoice_id = c.invoice_id OFFSET 0) i
             WHERE i.balance_minor <= 0 AND i.issue_date <= $1::date AND ($3::text IS NULL OR i.currency = $3)
           ),
           disputed AS (
             -- A dispute without an amount disputes the whole balance (null here).
             SELECT d.invoice_id,
                    CASE WHEN bool_or(d.amount_minor IS NULL) THEN NULL ELSE sum(d.amount_minor) END AS disputed_minor
             FROM bounds b JOIN disputes d ON d.opened_at < b.end_at AND (d.resolved_at IS NULL OR d.resolved_at >= b.end_at)
             GROUP BY d.invoice_id
           ),
           promised AS (
             SELECT DISTINCT unnest(p.invoice_ids) AS invoice_id
             FROM bounds b JOIN payment_promises p
               ON p.recorded_at < b.end_at AND (p.resolved_at IS NULL OR p.resolved_at >= b.end_at)
           )
           SELECT o.currency, o.due_date::text AS due_date, pr.invoice_id,
                  least(coalesce(h.payments, 0), $5::int) AS payments, h.median_days_late,
                  sum(o.open_minor)::text AS open_minor,
                  sum(CASE WHEN d.invoice_id IS NULL THEN 0 ELSE least(coalesce(d.disputed_minor, o.open_minor), o.open_minor) END)::text
                    AS disputed_minor,
                  (SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY days_late) FROM paid) AS portfolio_median_days_late
           FROM open_items o
           LEFT JOIN history h ON h.customer_id = o.customer_id
           LEFT JOIN disputed d ON d.invoice_id = o.invoice_id
           LEFT JOIN promised pr ON pr.invoice_id = o.invoice_id
           WHERE o.open_minor > 0
           GROUP BY o.currency, o.due_date, pr.invoice_id, least(coalesce(h.payments, 0), $5::int), h.median_days_late`,
    values: [filter.asOf, filter.timeZone, filter.currency ?? null, filter.lookbackDays, filter.minPayments],
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

/** Promises recorded by the end of asOf and neither kept nor broken by then. */
export async function openPromises(
  db: Db,
  filter: Pick<ForecastFilter, 'asOf' | 'timeZone' | 'currency'>,
): Promise<ForecastPromiseRow[]> {
  const result = await db.query<ForecastPromiseRow>({
    text: `SELECT p.promise_id, p.currency, p.invoice_ids, p.promised_date::text AS promised_date,
                  p.amount_minor::text AS amount_minor
           FROM payment_promises p
           WHERE p.recorded_at < ($1::date + 1)::timestamp AT TIME ZONE $2
             AND (p.resolved_at IS NULL OR p.resolved_at >= ($1::date + 1)::timestamp AT TIME ZONE $2)
             AND ($3::text IS NULL OR p.currency = $3)`,
    values: [filter.asOf, filter.timeZone, filter.currency ?? null],
  });
  return result.rows;
}
