import type pg from 'pg';

export interface BalanceMovement {
  invoiceId: string;
  /** The payment, credit note or dispute behind it; `close` for what the case's close took. */
  sourceId: string;
  customerId: string;
  currency: string;
  /** The ledger's cause, or the close reason. */
  kind: string;
  /** Positive: the balance fell by this much. */
  deltaMinor: bigint;
  at: Date;
}

/** Records a fall (or rise) of an invoice's balance once per source, for the recovery reports. */
export async function recordBalanceMovement(tx: pg.PoolClient, m: BalanceMovement): Promise<void> {
  if (m.deltaMinor === 0n) return;
  await tx.query({
    text: `INSERT INTO balance_movements (invoice_id, source_id, customer_id, currency, kind, delta_minor, at)
           VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
    values: [m.invoiceId, m.sourceId, m.customerId, m.currency, m.kind, m.deltaMinor, m.at],
  });
}
