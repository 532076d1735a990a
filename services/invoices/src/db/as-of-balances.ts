/**
 * Balances as of past instants without re-adding every entry: an invoice's balance at instant T is
 * its kept current balance (invoices.balance_minor, maintained by the entries trigger in the same
 * transaction as each entry) minus the entries that occurred at or after T. Only two kinds of
 * invoices can owe something at T: those open now, and those with an entry at or after T; every other
 * invoice's balance at T equals its balance now, 0 or less. So the work is bounded by the open items
 * and the entries since the earliest instant asked for (both found by index), not by the ledger.
 *
 * Needs a CTE `instants (as_of date, end_at timestamptz)` before it (end_at: the end of as_of in the
 * reporting zone) and defines `as_of_balances (as_of, end_at, invoice_id, customer_id, currency,
 * due_date, issue_date, amount_minor, balance)`: one row per instant and candidate invoice.
 */
export const AS_OF_BALANCES_SQL = `
  later_entries AS MATERIALIZED (
    SELECT e.invoice_id, e.occurred_at, e.amount_minor FROM invoice_entries e
    WHERE e.occurred_at >= (SELECT min(end_at) FROM instants)
  ),
  candidates AS (
    SELECT o.invoice_id, o.customer_id, o.currency, o.due_date, o.issue_date, o.amount_minor, o.balance_minor
    FROM invoices o WHERE o.balance_minor > 0
    UNION ALL
    SELECT t.invoice_id, t.customer_id, t.currency, t.due_date, t.issue_date, t.amount_minor, t.balance_minor
    FROM invoices t WHERE t.balance_minor <= 0 AND t.invoice_id IN (SELECT invoice_id FROM later_entries)
  ),
  later_sums AS (
    SELECT t.as_of, l.invoice_id, sum(l.amount_minor) AS later
    FROM instants t JOIN later_entries l ON l.occurred_at >= t.end_at
    GROUP BY t.as_of, l.invoice_id
  ),
  as_of_balances AS (
    SELECT t.as_of, t.end_at, c.invoice_id, c.customer_id, c.currency, c.due_date, c.issue_date,
           c.amount_minor, c.balance_minor - coalesce(s.later, 0) AS balance
    FROM instants t
    CROSS JOIN candidates c
    LEFT JOIN later_sums s ON s.as_of = t.as_of AND s.invoice_id = c.invoice_id
    WHERE c.issue_date <= t.as_of
  )`;
