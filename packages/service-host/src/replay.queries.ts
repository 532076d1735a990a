import type pg from 'pg';

/**
 * Locks the read-model tables against writers until the transaction ends (readers go on, seeing the
 * old rows until the commit) and empties them, children before parents as given.
 */
export async function lockAndEmptyTables(tx: pg.PoolClient, tables: string[]): Promise<void> {
  await tx.query(`LOCK TABLE ${tables.join(', ')} IN SHARE ROW EXCLUSIVE MODE`);
  for (const table of tables) await tx.query(`DELETE FROM ${table}`);
}
