import type pg from 'pg';

export interface ImportCheckpoint {
  last_line: bigint;
  imported: bigint;
  already_present: bigint;
  rejected: bigint;
  finished_at: Date | null;
}

/** The file's checkpoint, created at line 0 the first time the file is seen. */
export async function openCheckpoint(
  db: pg.Pool | pg.PoolClient,
  fileSha256: string,
  fileName: string,
): Promise<ImportCheckpoint> {
  await db.query({
    text: `INSERT INTO import_checkpoints (file_sha256, file_name) VALUES ($1, $2)
           ON CONFLICT (file_sha256) DO NOTHING`,
    values: [fileSha256, fileName],
  });
  const result = await db.query<ImportCheckpoint>({
    text: `SELECT last_line, imported, already_present, rejected, finished_at
           FROM import_checkpoints WHERE file_sha256 = $1`,
    values: [fileSha256],
  });
  return result.rows[0] as ImportCheckpoint;
}

/** Locks the checkpoint for this batch's transaction and returns its last committed line. */
export async function lockCheckpoint(tx: pg.PoolClient, fileSha256: string): Promise<number | undefined> {
  const result = await tx.query<{ last_line: bigint }>({
    text: 'SELECT last_line FROM import_checkpoints WHERE file_sha256 = $1 FOR UPDATE',
    values: [fileSha256],
  });
  const row = result.rows[0];
  return row === undefined ? undefined : Number(row.last_line);
}

export interface BatchProgress {
  lastLine: number;
  imported: number;
  alreadyPresent: number;
  rejected: number;
}

/** Moves the checkpoint past a batch, in that batch's transaction. */
export async function advanceCheckpoint(
  tx: pg.PoolClient,
  fileSha256: string,
  batch: BatchProgress,
): Promise<void> {
  await tx.query({
    text: `UPDATE import_checkpoints
           SET last_line = $2, imported = imported + $3, already_present = already_present + $4,
               rejected = rejected + $5, updated_at = now()
           WHERE file_sha256 = $1`,
    values: [fileSha256, batch.lastLine, batch.imported, batch.alreadyPresent, batch.rejected],
  });
}

export async function finishCheckpoint(db: pg.Pool | pg.PoolClient, fileSha256: string): Promise<void> {
  await db.query({
    text: 'UPDATE import_checkpoints SET finished_at = now(), updated_at = now() WHERE file_sha256 = $1',
    values: [fileSha256],
  });
}

export interface ImportReject {
  line: number;
  invoiceId: string | undefined;
  reason: string;
}

export async function insertRejects(
  tx: pg.PoolClient,
  fileSha256: string,
  rejects: ImportReject[],
): Promise<void> {
  if (rejects.length === 0) return;
  await tx.query({
    text: `INSERT INTO import_rejects (file_sha256, line, invoice_id, reason)
           SELECT $1, * FROM unnest($2::bigint[], $3::text[], $4::text[])
           ON CONFLICT (file_sha256, line) DO NOTHING`,
    values: [
      fileSha256,
      rejects.map((reject) => reject.line),
      rejects.map((reject) => reject.invoiceId ?? null),
      rejects.map((reject) => reject.reason),
    ],
  });
}

export async function listRejects(db: pg.Pool | pg.PoolClient, fileSha256: string): Promise<ImportReject[]> {
  const result = await db.query<{ line: bigint; invoice_id: string | null; reason: string }>({
    text: 'SELECT line, invoice_id, reason FROM import_rejects WHERE file_sha256 = $1 ORDER BY line',
    values: [fileSha256],
  });
  return result.rows.map((row) => ({
    line: Number(row.line),
    invoiceId: row.invoice_id ?? undefined,
    reason: row.reason,
  }));
}
