import type pg from 'pg';
import type { UserRow } from './users.queries.ts';

export interface SessionRow extends Omit<UserRow, 'password_hash'> {
  csrf_token: string;
}

export async function insertSession(
  db: pg.Pool,
  session: { tokenSha256: string; username: string; csrfToken: string; expiresAt: Date },
): Promise<void> {
  await db.query({
    text: 'INSERT INTO sessions (token_sha256, username, csrf_token, expires_at) VALUES ($1, $2, $3, $4)',
    values: [session.tokenSha256, session.username, session.csrfToken, session.expiresAt],
  });
}

/** The session's user, when the session exists and has not expired. */
export async function findSession(
  db: pg.Pool,
  tokenSha256: string,
  now: Date,
): Promise<SessionRow | undefined> {
  const result = await db.query<SessionRow>({
    text: `SELECT u.username, u.role, u.collector_id, u.locale, s.csrf_token
           FROM sessions s JOIN users u USING (username)
           WHERE s.token_sha256 = $1 AND s.expires_at > $2`,
    values: [tokenSha256, now],
  });
  return result.rows[0];
}

export async function deleteSession(db: pg.Pool, tokenSha256: string): Promise<void> {
  await db.query({ text: 'DELETE FROM sessions WHERE token_sha256 = $1', values: [tokenSha256] });
}

export async function deleteExpiredSessions(db: pg.Pool, now: Date): Promise<void> {
  await db.query({ text: 'DELETE FROM sessions WHERE expires_at <= $1', values: [now] });
}
