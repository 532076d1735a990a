import type pg from 'pg';
import type { CustomerContact } from '../domain/notice-variables.ts';

type Db = pg.Pool | pg.PoolClient;

/** Keeps the latest profile; returns false when it is unchanged. */
export async function upsertCustomer(db: Db, customerId: string, profile: CustomerContact): Promise<boolean> {
  const result = await db.query({
    text: `INSERT INTO customers (customer_id, profile) VALUES ($1, $2)
           ON CONFLICT (customer_id) DO UPDATE SET profile = excluded.profile, updated_at = now()
           WHERE customers.profile IS DISTINCT FROM excluded.profile`,
    values: [customerId, JSON.stringify(profile)],
  });
  return result.rowCount === 1;
}

export async function findCustomer(db: Db, customerId: string): Promise<CustomerContact | undefined> {
  const result = await db.query<{ profile: CustomerContact }>({
    text: 'SELECT profile FROM customers WHERE customer_id = $1',
    values: [customerId],
  });
  return result.rows[0]?.profile;
}
