import type pg from 'pg';

export interface NewCase {
  invoiceId: string;
  customerId: string;
  currency: string;
  amountMinor: bigint;
  balanceMinor: bigint;
  dueDate: string;
  eventId: string;
}

/** Opens the invoice's case; an invoice already under dunning keeps its case. */
export async function openCase(tx: pg.PoolClient, dunningCase: NewCase): Promise<boolean> {
  const result = await tx.query({
    text: `INSERT INTO dunning_cases (invoice_id, customer_id, currency, amount_minor, balance_minor, due_date, opened_by_event)
           VALUES ($1, $2, $3, $4, $5, $6, $7)
           ON CONFLICT (invoice_id) DO NOTHING`,
    values: [
      dunningCase.invoiceId,
      dunningCase.customerId,
      dunningCase.currency,
      dunningCase.amountMinor,
      dunningCase.balanceMinor,
      dunningCase.dueDate,
      dunningCase.eventId,
    ],
  });
  return result.rowCount === 1;
}

export interface CaseRow {
  invoice_id: string;
  customer_id: string;
  currency: string;
  amount_minor: bigint;
  balance_minor: bigint;
  due_date: string;
  status: 'active' | 'paused' | 'closed';
  opened_at: Date;
}

export async function findCase(db: pg.Pool | pg.PoolClient, invoiceId: string): Promise<CaseRow | undefined> {
  const result = await db.query<CaseRow>({
    text: `SELECT invoice_id, customer_id, currency, amount_minor, balance_minor, due_date, status, opened_at
           FROM dunning_cases WHERE invoice_id = $1`,
    values: [invoiceId],
  });
  return result.rows[0];
}
