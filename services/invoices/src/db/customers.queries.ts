import type pg from 'pg';

/** Stores the customer's latest profile; returns false when it is unchanged. */
export async function upsertCustomer(
  tx: pg.PoolClient,
  customerId: string,
  profile: unknown,
): Promise<boolean> {
  const result = await tx.query({
    text: `INSERT INTO customers (customer_id, profile) VALUES ($1, $2)
           ON CONFLICT (customer_id) DO UPDATE SET profile = excluded.profile, updated_at = now()
           WHERE customers.profile IS DISTINCT FROM excluded.profile`,
    values: [customerId, JSON.stringify(profile)],
  });
  return result.rowCount === 1;
}

export async function findCustomer(
  db: pg.Pool | pg.PoolClient,
  customerId: string,
): Promise<unknown | undefined> {
  const result = await db.query<{ profile: unknown }>({
    text: 'SELECT profile FROM customers WHERE customer_id = $1',
    values: [customerId],
  });
  return result.rows[0]?.profile;
}

/** The customer's IANA time zone, UTC when unknown. */
export async function customerTimeZone(db: pg.Pool | pg.PoolClient, customerId: string): Promise<string> {
  const result = await db.query<{ time_zone: string }>({
    text: `SELECT COALESCE(profile->>'timezone', 'UTC') AS time_zone FROM customers WHERE customer_id = $1`,
    values: [customerId],
  });
  return result.rows[0]?.time_zone ?? 'UTC';
}

/** The set-based twin of upsertCustomer, for distinct customers; returns the ids whose profile changed. */
export async function upsertCustomers(
  tx: pg.PoolClient,
  customers: { customerId: string; profile: unknown }[],
): Promise<Set<string>> {
  const result = await tx.query<{ customer_id: string }>({
    text: `INSERT INTO customers (customer_id, profile)
           SELECT * FROM unnest($1::text[], $2::jsonb[])
           ON CONFLICT (customer_id) DO UPDATE SET profile = excluded.profile, updated_at = now()
           WHERE customers.profile IS DISTINCT FROM excluded.profile
           RETURNING customer_id`,
    values: [customers.map((c) => c.customerId), customers.map((c) => JSON.stringify(c.profile))],
  });
  return new Set(result.rows.map((row) => row.customer_id));
}
