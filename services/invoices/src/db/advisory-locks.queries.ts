import { lockKey } from '@dunning/pg';
import type pg from 'pg';

/**
 * Serialises commands on one business key until the transaction ends, including keys with no row yet
 * (a payment for an invoice that has not arrived must not slip past the invoice being entered). The
 * lock is the schema's (lockKey): another service's, or another test run's, key of the same name is
 * another lock.
 */
export async function takeAdvisoryLock(tx: pg.PoolClient, schema: string, name: string): Promise<void> {
  await tx.query({ text: 'SELECT pg_advisory_xact_lock($1)', values: [lockKey(schema, name)] });
}

/** Takes several keys in one round trip, in the order given (callers keep one order: no deadlocks). */
export async function takeAdvisoryLocks(tx: pg.PoolClient, schema: string, names: string[]): Promise<void> {
  await tx.query({
    text: `SELECT pg_advisory_xact_lock(k)
           FROM unnest($1::bigint[]) WITH ORDINALITY AS keys(k, position) ORDER BY position`,
    values: [names.map((name) => lockKey(schema, name))],
  });
}
