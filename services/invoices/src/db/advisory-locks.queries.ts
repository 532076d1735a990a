import type pg from 'pg';

/**
 * Serialises commands on one business key until the transaction ends, including keys with no row yet
 * (a payment for an invoice that has not arrived must not slip past the invoice being entered).
 */
export async function lockKey(tx: pg.PoolClient, key: string): Promise<void> {
  await tx.query({ text: 'SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', values: [key] });
}

/** Takes several keys in one round trip, in the order given (callers keep one order: no deadlocks). */
export async function lockKeys(tx: pg.PoolClient, keys: string[]): Promise<void> {
  await tx.query({
    text: `SELECT pg_advisory_xact_lock(hashtextextended(k, 0))
           FROM unnest($1::text[]) WITH ORDINALITY AS keys(k, position) ORDER BY position`,
    values: [keys],
  });
}
