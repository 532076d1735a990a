import type pg from 'pg';

/** Runs `work` in one transaction on one client: committed if it resolves, rolled back if it throws. */
export async function withTransaction<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  // A connection that drops between two statements emits 'error' on the checked-out client; unheard,
  // that event would end the process. Heard, the next statement fails and the client is discarded.
  let broken: Error | undefined;
  const onError = (error: Error) => {
    broken = error;
  };
  client.on('error', onError);
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.off('error', onError);
    client.release(broken);
  }
}

const SAVEPOINT_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Runs `work` under a savepoint of the transaction `tx`: released if it resolves; if it throws, what
 * it did is rolled back (the rest of the transaction stays) and the error is rethrown for the caller
 * to handle or let abort the transaction.
 */
export async function withSavepoint<T>(tx: pg.PoolClient, name: string, work: () => Promise<T>): Promise<T> {
  if (!SAVEPOINT_NAME.test(name)) throw new Error(`invalid savepoint name: ${JSON.stringify(name)}`);
  await tx.query(`SAVEPOINT ${name}`);
  let result: T;
  try {
    result = await work();
  } catch (error) {
    // If even this fails the transaction is aborted, and the caller's next statement says so.
    await tx.query(`ROLLBACK TO SAVEPOINT ${name}`).catch(() => {});
    throw error;
  }
  await tx.query(`RELEASE SAVEPOINT ${name}`);
  return result;
}
