import type pg from 'pg';

export interface DueInvoiceRow {
  invoice_id: string;
  customer_id: string;
  currency: string;
  balance_minor: bigint;
  due_date: string;
  overdue_at: Date;
}

/**
 * Marks up to `limit` invoices that passed overdueAt with a balance open and no announcement yet,
 * skipping rows another announcer holds, and returns them to be announced in this transaction.
 */
export async function claimDueInvoices(
  tx: pg.PoolClient,
  now: Date,
  limit: number,
): Promise<DueInvoiceRow[]> {
  const result = await tx.query<DueInvoiceRow>({
    text: `WITH due AS (
             SELECT invoice_id FROM invoices
             WHERE overdue_announced_at IS NULL AND balance_minor > 0 AND overdue_at <= $1
             ORDER BY overdue_at LIMIT $2 FOR UPDATE SKIP LOCKED)
           UPDATE invoices i SET overdue_announced_at = $1 FROM due WHERE i.invoice_id = due.invoice_id
           RETURNING i.invoice_id, i.customer_id, i.currency, i.balance_minor,
                     to_char(i.due_date, 'YYYY-MM-DD') AS due_date, i.overdue_at`,
    values: [now, limit],
  });
  return result.rows;
}
