import type pg from 'pg';

/** The first 2xx answer given under an Idempotency-Key, with the request it answered. */
export interface StoredAnswer {
  fingerprint: string;
  request: unknown;
  status_code: number;
  response: unknown;
}

export async function findStoredAnswer(
  db: pg.Pool | pg.PoolClient,
  key: string,
): Promise<StoredAnswer | undefined> {
  const result = await db.query<StoredAnswer>({
    text: 'SELECT fingerprint, request, status_code, response FROM idempotency_keys WHERE idempotency_key = $1',
    values: [key],
  });
  return result.rows[0];
}

/** Stores the answer unless one is stored under the key already (the first one stands). */
export async function storeAnswer(
  db: pg.Pool | pg.PoolClient,
  key: string,
  answer: { fingerprint: string; request: unknown; statusCode: number; response: string },
): Promise<void> {
  await db.query({
    text: `INSERT INTO idempotency_keys (idempotency_key, fingerprint, request, status_code, response)
           VALUES ($1, $2, $3, $4, $5) ON CONFLICT (idempotency_key) DO NOTHING`,
    values: [key, answer.fingerprint, JSON.stringify(answer.request), answer.statusCode, answer.response],
  });
}
