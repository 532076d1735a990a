import type pg from 'pg';
import type { NewInvoice } from './invoices.queries.ts';

/** Time zones of the customers the ledger knows, by id; unknown customers are absent. */
export async function customerTimeZones(
  tx: pg.PoolClient,
  customerIds: string[],
): Promise<Map<string, string>> {
  const result = await tx.query<{ customer_id: string; timezone: string | null }>({
    text: `SELECT customer_id, profile->>'timezone' AS timezone FROM customers WHERE customer_id = ANY($1::text[])`,
    values: [customerIds],
  });
  return new Map(
    result.rows.flatMap((row) => (row.timezone === null ? [] : [[row.customer_id, row.timezone] as const])),
  );
}

/** An imported invoice: the same row as one posted alone. */
export type ImportedInvoice = NewInvoice;

/**
 * The set-based twin of insertInvoice (invoices.queries.ts): one statement for a whole batch.
 * Returns the ids that were new; ids already in the ledger are left as they are.
 */
export async function insertInvoices(tx: pg.PoolClient, invoices: ImportedInvoice[]): Promise<Set<string>> {
  const result = await tx.query<{ invoice_id: string }>({
    text: `INSERT INTO invoices
             (invoice_id, customer_id, number, currency, amount_minor, issue_date, due_date, overdue_at, request)
           SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::date[],
                                $7::date[], $8::timestamptz[], $9::jsonb[])
           ON CONFLICT (invoice_id) DO NOTHING
           RETURNING invoice_id`,
    values: [
      invoices.map((invoice) => invoice.invoiceId),
      invoices.map((invoice) => invoice.customerId),
      invoices.map((invoice) => invoice.number),
      invoices.map((invoice) => invoice.currency),
      invoices.map((invoice) => invoice.amountMinor.toString()),
      invoices.map((invoice) => invoice.issueDate),
      invoices.map((invoice) => invoice.dueDate),
      invoices.map((invoice) => invoice.overdueAt.toISOString()),
      invoices.map((invoice) => JSON.stringify(invoice.request)),
    ],
  });
  return new Set(result.rows.map((row) => row.invoice_id));
}

/** Of these (id, request) pairs, the ids stored with a different request (jsonb equality). */
export async function differingInvoices(
  tx: pg.PoolClient,
  invoices: { invoiceId: string; request: unknown }[],
): Promise<Set<string>> {
  if (invoices.length === 0) return new Set();
  const result = await tx.query<{ invoice_id: string }>({
    text: `SELECT i.invoice_id FROM unnest($1::text[], $2::jsonb[]) AS given (invoice_id, request)
           JOIN invoices i ON i.invoice_id = given.invoice_id
           WHERE i.request <> given.request`,
    values: [
      invoices.map((invoice) => invoice.invoiceId),
      invoices.map((invoice) => JSON.stringify(invoice.request)),
    ],
  });
  return new Set(result.rows.map((row) => row.invoice_id));
}

export interface ImportedEntry {
  invoiceId: string;
  kind: 'issue' | 'payment';
  amountMinor: bigint;
  sourceId: string;
  occurredAt: Date;
}

/** The set-based twin of insertEntry (invoices.queries.ts); every entry's source is 'import'. */
export async function insertEntries(tx: pg.PoolClient, entries: ImportedEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await tx.query({
    text: `INSERT INTO invoice_entries (invoice_id, kind, amount_minor, source_id, source, occurred_at)
           SELECT invoice_id, kind, amount_minor, source_id, 'import', occurred_at
           FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[], $5::timestamptz[])
             AS entry (invoice_id, kind, amount_minor, source_id, occurred_at)`,
    values: [
      entries.map((entry) => entry.invoiceId),
      entries.map((entry) => entry.kind),
      entries.map((entry) => entry.amountMinor.toString()),
      entries.map((entry) => entry.sourceId),
      entries.map((entry) => entry.occurredAt.toISOString()),
    ],
  });
}

/**
 * Of these new invoices, the ones something in the ledger waits for: commands held until the invoice
 * arrives (a payment before its invoice), or unused credit of the customer in the invoice's currency.
 * Those take the issueInvoice command path, which applies them.
 */
export async function invoicesWithWaitingFacts(
  tx: pg.PoolClient,
  invoices: { invoiceId: string; customerId: string; currency: string }[],
): Promise<Set<string>> {
  const result = await tx.query<{ invoice_id: string }>({
    text: `SELECT given.invoice_id
           FROM unnest($1::text[], $2::text[], $3::text[]) AS given (invoice_id, customer_id, currency)
           WHERE EXISTS (SELECT 1 FROM pending_commands p
                         WHERE p.waits_for = 'invoice' AND p.waits_for_id = given.invoice_id)
              OR EXISTS (SELECT 1 FROM customer_credits c
                         WHERE c.customer_id = given.customer_id AND c.currency = given.currency
                         HAVING coalesce(sum(c.amount_minor), 0) > 0)`,
    values: [
      invoices.map((invoice) => invoice.invoiceId),
      invoices.map((invoice) => invoice.customerId),
      invoices.map((invoice) => invoice.currency),
    ],
  });
  return new Set(result.rows.map((row) => row.invoice_id));
}
