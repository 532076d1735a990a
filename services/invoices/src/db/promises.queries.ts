import type pg from 'pg';

export interface PromiseFact {
  promiseId: string;
  customerId: string;
  invoiceIds: string[];
  currency: string;
  amountMinor: bigint;
  promisedDate: string;
}

/** A recorded promise, once: a redelivery, or a promise whose outcome came first, changes nothing. */
export async function recordPromise(
  tx: pg.PoolClient,
  fact: PromiseFact,
  recordedAt: Date,
): Promise<boolean> {
  const result = await tx.query({
    text: `INSERT INTO payment_promises
             (promise_id, customer_id, invoice_ids, currency, amount_minor, promised_date, recorded_at, status)
           VALUES ($1, $2, $3, $4, $5, $6, $7, 'open')
           ON CONFLICT (promise_id) DO NOTHING`,
    values: [
      fact.promiseId,
      fact.customerId,
      fact.invoiceIds,
      fact.currency,
      fact.amountMinor,
      fact.promisedDate,
      recordedAt,
    ],
  });
  return result.rowCount === 1;
}

/**
 * Kept or broken, once: the first outcome stays. An outcome before its promise (both carry the whole
 * promise) enters it already resolved, recorded at the outcome's time.
 */
export async function resolvePromise(
  tx: pg.PoolClient,
  fact: PromiseFact,
  status: 'kept' | 'broken',
  at: Date,
): Promise<boolean> {
  const result = await tx.query({
    text: `INSERT INTO payment_promises AS p
             (promise_id, customer_id, invoice_ids, currency, amount_minor, promised_date, recorded_at, status,
              resolved_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $7)
           ON CONFLICT (promise_id) DO UPDATE SET status = excluded.status, resolved_at = excluded.resolved_at
             WHERE p.status = 'open'`,
    values: [
      fact.promiseId,
      fact.customerId,
      fact.invoiceIds,
      fact.currency,
      fact.amountMinor,
      fact.promisedDate,
      at,
      status,
    ],
  });
  return result.rowCount === 1;
}
