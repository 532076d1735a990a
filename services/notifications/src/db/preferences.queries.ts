import type pg from 'pg';
import type { ContactPreferences } from '../domain/contact-rules.ts';

type Db = pg.Pool | pg.PoolClient;

export async function savePreferences(
  db: Db,
  customerId: string,
  preferences: ContactPreferences,
): Promise<void> {
  await db.query({
    text: `INSERT INTO contact_preferences (customer_id, preferences) VALUES ($1, $2)
           ON CONFLICT (customer_id) DO UPDATE SET preferences = excluded.preferences, updated_at = now()`,
    values: [customerId, JSON.stringify(preferences)],
  });
}

export async function findPreferences(db: Db, customerId: string): Promise<ContactPreferences | undefined> {
  const result = await db.query<{ preferences: ContactPreferences }>({
    text: 'SELECT preferences FROM contact_preferences WHERE customer_id = $1',
    values: [customerId],
  });
  return result.rows[0]?.preferences;
}
