import type pg from 'pg';
import type { DiscountTerms } from '../domain/early-payment-discount.ts';
import type { PendingCommand } from './pending-commands.queries.ts';

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
  cancelled: boolean;
  written_off: boolean;
  disputed: boolean;
  /** Kind of the entry that brought the balance to what it is (the last one booked). */
  last_kind: string;
  /** The customer's zone (UTC when the customer is unknown). */
  time_zone: string;
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

/**
 * Inserts the invoice with its issue entry unless its id exists and, when it is new, takes the
 * commands that waited for it off the pending list: one statement. The caller holds the invoice's
 * advisory lock, so every held command is committed or in this transaction.
 */
export async function insertInvoice(
  tx: pg.PoolClient,
  invoice: NewInvoice,
  issue: { source: string; occurredAt: Date },
): Promise<{ created: boolean; released: PendingCommand[] }> {
  const result = await tx.query<{ created: boolean; released: PendingCommand[] }>({
    text: `WITH created AS (
             INSERT INTO invoices
               (invoice_id, customer_id, number, currency, amount_minor, issue_date, due_date, overdue_at, request)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
             ON CONFLICT (invoice_id) DO NOTHING
             RETURNING invoice_id, amount_minor),
           issued AS (
             INSERT INTO invoice_entries (invoice_id, kind, amount_minor, source_id, source, occurred_at)
             SELECT invoice_id, 'issue', amount_minor, invoice_id, $10, $11 FROM created),
           released AS (
             DELETE FROM pending_commands
             WHERE waits_for = 'invoice' AND waits_for_id = $1 AND EXISTS (SELECT 1 FROM created)
             RETURNING pending_id, kind, command_id, request, source)
           SELECT EXISTS (SELECT 1 FROM created) AS created,
                  COALESCE((SELECT json_agg(r ORDER BY r.pending_id) FROM released r), '[]'::json) AS released`,
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
      issue.source,
      issue.occurredAt,
    ],
  });
  return result.rows[0] ?? { created: false, released: [] };
}

// The balance is summed from the entries (the truth), not read from the balance_minor cache.
const SELECT_INVOICES = `
  SELECT i.invoice_id, i.customer_id, i.number, i.currency, i.amount_minor,
         to_char(i.issue_date, 'YYYY-MM-DD') AS issue_date, to_char(i.due_date, 'YYYY-MM-DD') AS due_date,
         i.overdue_at, i.request, COALESCE(sum(e.amount_minor), 0)::bigint AS balance_minor,
         COALESCE(bool_or(e.kind = 'cancellation'), false) AS cancelled,
         COALESCE(bool_or(e.kind = 'write-off'), false) AS written_off,
         (array_agg(e.kind ORDER BY e.entry_id DESC))[1] AS last_kind,
         COALESCE((SELECT c.profile->>'timezone' FROM customers c WHERE c.customer_id = i.customer_id), 'UTC')
           AS time_zone,
         EXISTS (SELECT 1 FROM disputes d WHERE d.invoice_id = i.invoice_id AND d.status = 'open') AS disputed
  FROM invoices i LEFT JOIN invoice_entries e ON e.invoice_id = i.invoice_id`;
const SELECT_INVOICE = `${SELECT_INVOICES} WHERE i.invoice_id = $1 GROUP BY i.invoice_id`;

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

export type EntryKind =
  | 'issue'
  | 'payment'
  | 'credit'
  | 'adjustment'
  | 'discount'
  | 'write-off'
  | 'cancellation';

export interface NewEntry {
  invoiceId: string;
  kind: EntryKind;
  amountMinor: bigint;
  sourceId: string;
  source: string;
  occurredAt: string | Date;
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

/** Every invoice of a customer, newest due date last. */
export async function listCustomerInvoices(
  db: pg.Pool | pg.PoolClient,
  customerId: string,
): Promise<InvoiceRow[]> {
  const result = await db.query<InvoiceRow>({
    text: `${SELECT_INVOICES} WHERE i.customer_id = $1 GROUP BY i.invoice_id
           ORDER BY i.due_date, i.issue_date, i.invoice_id`,
    values: [customerId],
  });
  return result.rows;
}

/** What a posting needs to know about an invoice, with its row locked for the transaction. */
export interface PostingInvoice {
  invoiceId: string;
  customerId: string;
  currency: string;
  amountMinor: bigint;
  balanceMinor: bigint;
  issueDate: string;
  dueDate: string;
  overdueAt: Date;
  timeZone: string;
  /** Early-payment discount terms of the invoice as issued, if any. */
  discount: DiscountTerms | undefined;
  /** Whether payments / credits were booked on it: how a settlement happened. */
  paid: boolean;
  credited: boolean;
}

interface PostingRow {
  invoice_id: string;
  customer_id: string;
  currency: string;
  amount_minor: bigint;
  balance_minor: bigint;
  issue_date: string;
  due_date: string;
  overdue_at: Date;
  time_zone: string;
  discount: DiscountTerms | null;
  paid: boolean;
  credited: boolean;
}

const SELECT_POSTING = `
  SELECT i.invoice_id, i.customer_id, i.currency, i.amount_minor, i.balance_minor,
         to_char(i.issue_date, 'YYYY-MM-DD') AS issue_date, to_char(i.due_date, 'YYYY-MM-DD') AS due_date,
         i.overdue_at, i.request->'discount' AS discount,
         COALESCE(c.profile->>'timezone', 'UTC') AS time_zone,
         EXISTS (SELECT 1 FROM invoice_entries e WHERE e.invoice_id = i.invoice_id AND e.kind = 'payment') AS paid,
         EXISTS (SELECT 1 FROM invoice_entries e WHERE e.invoice_id = i.invoice_id AND e.kind = 'credit') AS credited
  FROM invoices i LEFT JOIN customers c ON c.customer_id = i.customer_id`;

const toPosting = (row: PostingRow): PostingInvoice => ({
  invoiceId: row.invoice_id,
  customerId: row.customer_id,
  currency: row.currency,
  amountMinor: row.amount_minor,
  balanceMinor: row.balance_minor,
  issueDate: row.issue_date,
  dueDate: row.due_date,
  discount: row.discount ?? undefined,
  overdueAt: row.overdue_at,
  timeZone: row.time_zone,
  paid: row.paid,
  credited: row.credited,
});

export async function lockInvoiceForPosting(
  tx: pg.PoolClient,
  invoiceId: string,
): Promise<PostingInvoice | undefined> {
  const result = await tx.query<PostingRow>({
    text: `${SELECT_POSTING} WHERE i.invoice_id = $1 FOR UPDATE OF i`,
    values: [invoiceId],
  });
  const row = result.rows[0];
  return row && toPosting(row);
}

/** A customer's invoices with an open balance in one currency, oldest due date first, locked. */
export async function lockOpenInvoicesOfCustomer(
  tx: pg.PoolClient,
  customerId: string,
  currency: string,
): Promise<PostingInvoice[]> {
  const result = await tx.query<PostingRow>({
    text: `${SELECT_POSTING} WHERE i.customer_id = $1 AND i.currency = $2 AND i.balance_minor > 0
           ORDER BY i.due_date, i.issue_date, i.invoice_id FOR UPDATE OF i`,
    values: [customerId, currency],
  });
  return result.rows.map(toPosting);
}

/** What entries with a business time before `until` took off the invoice (payments, credits, adjustments). */
export async function reducedBefore(tx: pg.PoolClient, invoiceId: string, until: Date): Promise<bigint> {
  const result = await tx.query<{ reduced: bigint }>({
    text: `SELECT COALESCE(-sum(amount_minor), 0)::bigint AS reduced FROM invoice_entries
           WHERE invoice_id = $1 AND kind <> 'issue' AND occurred_at < $2`,
    values: [invoiceId, until],
  });
  return result.rows[0]?.reduced ?? 0n;
}

export interface DiscountRow {
  invoice_id: string;
  currency: string;
  amount_minor: bigint;
  source_id: string;
  occurred_at: Date;
}

/** Early-payment discounts the customer took, oldest first (`amount_minor` positive). */
export async function listCustomerDiscounts(
  db: pg.Pool | pg.PoolClient,
  customerId: string,
): Promise<DiscountRow[]> {
  const result = await db.query<DiscountRow>({
    text: `SELECT e.invoice_id, i.currency, -e.amount_minor AS amount_minor, e.source_id, e.occurred_at
           FROM invoice_entries e JOIN invoices i ON i.invoice_id = e.invoice_id
           WHERE i.customer_id = $1 AND e.kind = 'discount'
           ORDER BY e.occurred_at, e.entry_id`,
    values: [customerId],
  });
  return result.rows;
}
