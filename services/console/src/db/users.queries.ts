import type pg from 'pg';
import type { Locale } from '../i18n/messages.ts';

export type Role = 'collector' | 'ops' | 'admin';

export interface UserRow {
  username: string;
  password_hash: string;
  role: Role;
  collector_id: string | null;
  locale: Locale;
}

type Db = pg.Pool | pg.PoolClient;

export async function findUser(db: Db, username: string): Promise<UserRow | undefined> {
  const result = await db.query<UserRow>({
    text: 'SELECT username, password_hash, role, collector_id, locale FROM users WHERE username = $1',
    values: [username],
  });
  return result.rows[0];
}

/** Adds a user; false when the name is taken (nothing is overwritten). */
export async function insertUser(db: Db, user: UserRow): Promise<boolean> {
  const result = await db.query({
    text: `INSERT INTO users (username, password_hash, role, collector_id, locale)
           VALUES ($1, $2, $3, $4, $5) ON CONFLICT (username) DO NOTHING`,
    values: [user.username, user.password_hash, user.role, user.collector_id, user.locale],
  });
  return result.rowCount === 1;
}

export async function listUsers(db: Db): Promise<Omit<UserRow, 'password_hash'>[]> {
  const result = await db.query<Omit<UserRow, 'password_hash'>>(
    'SELECT username, role, collector_id, locale FROM users ORDER BY username',
  );
  return result.rows;
}
