import type pg from 'pg';
import type { NewInvoice } from './invoices.queries.ts';

export interface Arrival {
  invoiceId: string;
  customerId: string;
  currency: string;
}

export interface ArrivalState {
  /** The customer's IANA zone, UTC when unknown. */
  timeZone: string;
  /** Commands are held for this invoice, or the customer has unused credit in its currency. */
  awaited: boolean;
}

/**
 * What the ledger holds for invoices about to be entered, by invoice id. The caller holds their
 * invoice and customer advisory locks, taken in an earlier statement, so this reads what the
 * previous holders committed and nothing can be held for them or credited meanwhile.
 */
export async function arrivalStates(
  tx: pg.PoolClient,
  arrivals: Arrival[],
): Promise<Map<string, ArrivalState>> {
  const result = await tx.query<{ invoice_id: string; time_zone: string; awaited: boolean }>({
    text: `SELECT g.invoice_id,
                  COALESCE((SELECT c.profile->>'timezone' FROM customers c WHERE c.customer_id = g.customer_id),
                           'UTC') AS time_zone,
                  EXISTS (SELECT 1 FROM pending_commands p
                          WHERE p.waits_for = 'invoice' AND p.waits_for_id = g.invoice_id)
                  OR EXISTS (SELECT 1 FROM customer_credits cc
                             WHERE cc.customer_id = g.customer_id AND cc.currency = g.currency
                             HAVING COALESCE(sum(cc.amount_minor), 0) > 0) AS awaited
           FROM unnest($1::text[], $2::text[], $3::text[]) AS g (invoice_id, customer_id, currency)`,
    values: [
      arrivals.map((a) => a.invoiceId),
      arrivals.map((a) => a.customerId),
      arrivals.map((a) => a.currency),
    ],
  });
  return new Map(
    result.rows.map((row) => [row.invoice_id, { timeZone: row.time_zone, awaited: row.awaited }]),
  );
}

export interface IssuedInvoice extends NewInvoice {
  /** When the issue entry happened (the issue date in the customer's zone). */
  issuedAt: Date;
}

export type IssuedOutcome = 'created' | 'duplicate' | 'conflict';

/**
 * The set-based twin of insertInvoice (invoices.queries.ts) for invoices nothing waits for: the
 * invoices and their issue entries in one statement. An id already in the ledger is a duplicate
 * with the same body (jsonb equality), a conflict with another; the caller holds the invoices'
 * advisory locks, so an existing row is committed and seen here.
 */
export async function insertIssuedInvoices(
  tx: pg.PoolClient,
  invoices: IssuedInvoice[],
  source: string,
): Promise<Map<string, IssuedOutcome>> {
  const result = await tx.query<{ invoice_id: string; outcome: IssuedOutcome }>({
    // Rows travel as one JSON document: far cheaper to build than ten parameter arrays.
    text: `WITH given AS (
             SELECT * FROM json_to_recordset($1::json)
               AS g (invoice_id text, customer_id text, number text, currency text, amount_minor bigint,
                     issue_date date, due_date date, overdue_at timestamptz, request jsonb, issued_at timestamptz)),
           created AS (
             INSERT INTO invoices
               (invoice_id, customer_id, number, currency, amount_minor, issue_date, due_date, overdue_at, request)
             SELECT invoice_id, customer_id, number, currency, amount_minor, issue_date, due_date, overdue_at, request
             FROM given
             ON CONFLICT (invoice_id) DO NOTHING
             RETURNING invoice_id, amount_minor),
           issued AS (
             INSERT INTO invoice_entries (invoice_id, kind, amount_minor, source_id, source, occurred_at)
             SELECT c.invoice_id, 'issue', c.amount_minor, c.invoice_id, $2, g.issued_at
             FROM created c JOIN given g USING (invoice_id))
           SELECT g.invoice_id,
                  CASE WHEN c.invoice_id IS NOT NULL THEN 'created'
                       WHEN i.request = g.request THEN 'duplicate'
                       ELSE 'conflict' END AS outcome
           FROM given g
             LEFT JOIN created c USING (invoice_id)
             LEFT JOIN invoices i ON i.invoice_id = g.invoice_id`,
    values: [
      JSON.stringify(
        invoices.map((i) => ({
          invoice_id: i.invoiceId,
          customer_id: i.customerId,
          number: i.number,
          currency: i.currency,
          amount_minor: i.amountMinor.toString(),
          issue_date: i.issueDate,
          due_date: i.dueDate,
          overdue_at: i.overdueAt.toISOString(),
          request: i.request,
          issued_at: i.issuedAt.toISOString(),
        })),
      ),
      source,
    ],
  });
  return new Map(result.rows.map((row) => [row.invoice_id, row.outcome]));
}
