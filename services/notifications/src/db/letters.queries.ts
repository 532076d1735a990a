import type pg from 'pg';

type Db = pg.Pool | pg.PoolClient;

/** The first stored letter stands: a re-render after a crash gives the same bytes anyway. */
export async function storeLetter(db: Db, deliveryId: string, pdf: Buffer, sha256: string): Promise<void> {
  await db.query({
    text: `INSERT INTO letters (delivery_id, pdf, sha256) VALUES ($1, $2, $3)
           ON CONFLICT (delivery_id) DO NOTHING`,
    values: [deliveryId, pdf, sha256],
  });
}

export async function findLetter(
  db: Db,
  deliveryId: string,
): Promise<{ pdf: Buffer; sha256: string } | undefined> {
  const result = await db.query<{ pdf: Buffer; sha256: string }>({
    text: 'SELECT pdf, sha256 FROM letters WHERE delivery_id = $1',
    values: [deliveryId],
  });
  return result.rows[0];
}
