import type pg from 'pg';

export interface InvoiceRow {
  invoice_id: string;
  customer_id: string;
  number: string;
  currency: string;
  amount_minor: bigint;
  issue_date: string;
  due_date: string;
  overdue_at: Date;
  request: unknown;
  balance_minor: bigint;
}

export interface NewInvoice {
  invoiceId: string;
  customerId: string;
  number: string;
  currency: string;
  amountMinor: bigint;
  issueDate: string;
  dueDate: string;
  overdueAt: Date;
  request: unknown;
}

/** Inserts the invoice unless its id exists; returns whether it was new. */
export async function insertInvoice(tx: pg.PoolClient, invoice: NewInvoice): Promise<boolean> {
  const result = await tx.query({
    text: `INSERT INTO invoices
             (invoice_id, customer_id, number, currency, amount_minor, issue_date, due_date, overdue_at, request)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
           ON CONFLICT (invoice_id) DO NOTHING`,
    values: [
      invoice.invoiceId,
      invoice.customerId,
      invoice.number,
      invoice.currency,
      invoice.amountMinor,
      invoice.issueDate,
      invoice.dueDate,
      invoice.overdueAt,
      JSON.stringify(invoice.request),
    ],
  });
  return result.rowCount === 1;
}

const SELECT_INVOICE = `
  SELECT i.invoice_id, i.customer_id, i.number, i.currency, i.amount_minor,
         to_char(i.issue_date, 'YYYY-MM-DD') AS issue_date, to_char(i.due_date, 'YYYY-MM-DD') AS due_date,
         i.overdue_at, i.request, COALESCE(sum(e.amount_minor), 0)::bigint AS balance_minor
  FROM invoices i LEFT JOIN invoice_entries e ON e.invoice_id = i.invoice_id
  WHERE i.invoice_id = $1
  GROUP BY i.invoice_id`;

export async function findInvoice(
  db: pg.Pool | pg.PoolClient,
  invoiceId: string,
): Promise<InvoiceRow | undefined> {
  const result = await db.query<InvoiceRow>({ text: SELECT_INVOICE, values: [invoiceId] });
  return result.rows[0];
}

export interface EntryRow {
  kind: string;
  amount_minor: bigint;
  source_id: string;
  source: string;
  occurred_at: Date;
  recorded_at: Date;
}

export async function listEntries(db: pg.Pool | pg.PoolClient, invoiceId: string): Promise<EntryRow[]> {
  const result = await db.query<EntryRow>({
    text: `SELECT kind, amount_minor, source_id, source, occurred_at, recorded_at
           FROM invoice_entries WHERE invoice_id = $1 ORDER BY entry_id`,
    values: [invoiceId],
  });
  return result.rows;
}

export interface NewEntry {
  invoiceId: string;
  kind: 'issue' | 'payment' | 'credit' | 'adjustment' | 'write-off';
  amountMinor: bigint;
  sourceId: string;
  source: string;
  occurredAt: string;
}

export async function insertEntry(tx: pg.PoolClient, entry: NewEntry): Promise<void> {
  await tx.query({
    text: `INSERT INTO invoice_entries (invoice_id, kind, amount_minor, source_id, source, occurred_at)
           VALUES ($1, $2, $3, $4, $5, $6)`,
    values: [entry.invoiceId, entry.kind, entry.amountMinor, entry.sourceId, entry.source, entry.occurredAt],
  });
}

/** Whether the stored command equals this one (jsonb equality ignores key order). */
export async function sameRequest(tx: pg.PoolClient, invoiceId: string, request: unknown): Promise<boolean> {
  const result = await tx.query<{ same: boolean }>({
    text: 'SELECT request = $2::jsonb AS same FROM invoices WHERE invoice_id = $1',
    values: [invoiceId, JSON.stringify(request)],
  });
  return result.rows[0]?.same === true;
}
