import type pg from 'pg';
import type { InvoiceBalanceFact, InvoiceBalanceStatus } from '../domain/invoice-balance.ts';

type Db = pg.Pool | pg.PoolClient;

/**
 * Keeps the newest fact per invoice. A fact recorded at the same instant as the stored one replaces
 * it: one customer's events arrive in the ledger's order on one partition, so the later one is newer.
 * Returns false when the stored fact is newer (an older fact arriving late changes nothing).
 */
export async function upsertInvoiceBalance(db: Db, fact: InvoiceBalanceFact): Promise<boolean> {
  const result = await db.query({
    text: `INSERT INTO invoice_balances (invoice_id, customer_id, balance_minor, status, fact_at)
           VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (invoice_id) DO UPDATE
             SET balance_minor = excluded.balance_minor, status = excluded.status,
                 fact_at = excluded.fact_at, updated_at = now()
           WHERE invoice_balances.fact_at <= excluded.fact_at`,
    values: [fact.invoiceId, fact.customerId, fact.balanceMinor, fact.status, fact.factAt],
  });
  return result.rowCount === 1;
}

export interface StoredBalance {
  balanceMinor: bigint;
  status: InvoiceBalanceStatus;
  factAt: Date;
}

/** The latest facts about these invoices; invoices the ledger has not told us about are absent. */
export async function findInvoiceBalances(db: Db, invoiceIds: string[]): Promise<Map<string, StoredBalance>> {
  const result = await db.query<{
    invoice_id: string;
    balance_minor: bigint;
    status: InvoiceBalanceStatus;
    fact_at: Date;
  }>({
    text: 'SELECT invoice_id, balance_minor, status, fact_at FROM invoice_balances WHERE invoice_id = ANY($1)',
    values: [invoiceIds],
  });
  return new Map(
    result.rows.map((row) => [
      row.invoice_id,
      { balanceMinor: row.balance_minor, status: row.status, factAt: row.fact_at },
    ]),
  );
}
