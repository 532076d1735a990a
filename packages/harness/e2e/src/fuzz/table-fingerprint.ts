import type pg from 'pg';

/** Per table of a schema: how many rows, and the md5 of all their texts in order. */
export type SchemaFingerprint = Record<string, { rows: number; md5: string }>;

export const quote = (identifier: string) => `"${identifier.replaceAll('"', '""')}"`;

export async function tablesOf(pool: pg.Pool, schema: string): Promise<string[]> {
  const result = await pool.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables
      WHERE table_schema = $1 AND table_type = 'BASE TABLE' ORDER BY table_name`,
    [schema],
  );
  return result.rows.map((row) => row.table_name);
}

/** A fingerprint of every table: two are equal exactly when no row was added, removed or changed. */
export async function fingerprintSchema(pool: pg.Pool, schema: string): Promise<SchemaFingerprint> {
  const fingerprint: SchemaFingerprint = {};
  for (const table of await tablesOf(pool, schema)) {
    const result = await pool.query<{ rows: number; md5: string }>(
      `SELECT count(*)::int AS rows, md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) AS md5
         FROM ${quote(schema)}.${quote(table)} t`,
    );
    fingerprint[table] = result.rows[0]!;
  }
  return fingerprint;
}

/** The md5 of each row's text, per table: to check that rows present earlier are still there unchanged. */
export async function rowDigests(pool: pg.Pool, schema: string): Promise<Record<string, Set<string>>> {
  const digests: Record<string, Set<string>> = {};
  for (const table of await tablesOf(pool, schema)) {
    const result = await pool.query<{ digest: string }>(
      `SELECT md5(t::text) AS digest FROM ${quote(schema)}.${quote(table)} t`,
    );
    digests[table] = new Set(result.rows.map((row) => row.digest));
  }
  return digests;
}

/** Rows of `before` missing from `after` (removed or changed), as "table: count". */
export function missingRows(
  before: Record<string, Set<string>>,
  after: Record<string, Set<string>>,
): string[] {
  return Object.entries(before).flatMap(([table, digests]) => {
    const now = after[table] ?? new Set<string>();
    const missing = [...digests].filter((digest) => !now.has(digest)).length;
    return missing > 0 ? [`${table}: ${missing} of ${digests.size} rows changed or gone`] : [];
  });
}

/** Rows that appeared (as text) or disappeared since `before` (md5 per row, per table). */
export async function changedRows(
  pool: pg.Pool,
  schema: string,
  before: Record<string, Set<string>>,
): Promise<{ added: string[]; removed: string[] }> {
  const added: string[] = [];
  const removed: string[] = [];
  for (const [table, digests] of Object.entries(before)) {
    const rows = await pool.query<{ digest: string; text: string }>(
      `SELECT md5(t::text) AS digest, t::text AS text FROM ${quote(schema)}.${quote(table)} t`,
    );
    const now = new Set(rows.rows.map((row) => row.digest));
    for (const row of rows.rows) if (!digests.has(row.digest)) added.push(`${table}: ${row.text}`);
    for (const digest of digests) if (!now.has(digest)) removed.push(`${table}: ${digest}`);
  }
  return { added, removed };
}

/** A point in the database's transaction history; rows written after it can be read back. */
export async function transactionMark(pool: pg.Pool): Promise<bigint> {
  const result = await pool.query<{ xid: string }>('SELECT pg_current_xact_id()::text AS xid');
  return BigInt(result.rows[0]!.xid);
}

/**
 * Every string stored (at any depth, jsonb included) in rows inserted or updated after `mark`:
 * a row's `xmin` is the transaction that wrote it, and its age counts the transactions since.
 */
export async function stringsWrittenSince(pool: pg.Pool, schema: string, mark: bigint): Promise<Set<string>> {
  const strings = new Set<string>();
  for (const table of await tablesOf(pool, schema)) {
    const result = await pool.query<{ row: unknown }>(
      `SELECT to_jsonb(t) AS row FROM ${quote(schema)}.${quote(table)} t
        WHERE age(t.xmin) <= (SELECT pg_current_xact_id()::text::bigint - $1::bigint)`,
      [mark.toString()],
    );
    for (const { row } of result.rows) collectStrings(row, strings);
  }
  return strings;
}

function collectStrings(value: unknown, into: Set<string>): void {
  const stack = [value];
  while (stack.length > 0) {
    const next = stack.pop();
    if (typeof next === 'string') into.add(next);
    else if (next && typeof next === 'object') stack.push(...Object.values(next));
  }
}
