import type pg from 'pg';

export interface OutboxMessage {
  /** The full topic name (with any prefix). */
  topic: string;
  /** Kafka message key: the customer id, so one customer's events stay ordered. */
  key: string;
  event: { id: string; [field: string]: unknown };
}

/** The relay listens here; NOTIFY inside a transaction is delivered only when it commits. */
export function outboxChannel(schema: string): string {
  return `outbox_${schema}`;
}

/**
 * Adds messages to the outbox in the caller's transaction, and wakes the relay on commit.
 *
 * Row ids are handed out at insert, not at commit: two transactions for the same key could commit
 * in the opposite order of their ids, and the relay would publish them out of order. A lock per key,
 * held until commit, makes transactions for one key commit in id order.
 */
export async function writeToOutbox(
  tx: pg.PoolClient,
  schema: string,
  messages: OutboxMessage[],
): Promise<void> {
  if (messages.length === 0) return;
  await tx.query({
    text: `SELECT pg_advisory_xact_lock(hashtext($1), hashtext(k))
           FROM (SELECT DISTINCT k FROM unnest($2::text[]) AS k ORDER BY k) AS keys`,
    values: [schema, messages.map((m) => m.key)],
  });
  await tx.query({
    text: `INSERT INTO outbox (topic, message_key, event)
           SELECT * FROM unnest($1::text[], $2::text[], $3::jsonb[])`,
    values: [
      messages.map((m) => m.topic),
      messages.map((m) => m.key),
      messages.map((m) => JSON.stringify(m.event)),
    ],
  });
  await tx.query({ text: 'SELECT pg_notify($1, $2)', values: [outboxChannel(schema), ''] });
}

export interface OutboxRow {
  id: string;
  topic: string;
  message_key: string;
  event: unknown;
}

/**
 * The oldest pending messages, if this relay holds the schema's publishing lock. One publisher at a
 * time keeps each key's messages in commit order even with several replicas running.
 */
export async function takeOutboxBatch(
  tx: pg.PoolClient,
  schema: string,
  limit: number,
): Promise<OutboxRow[] | null> {
  const lock = await tx.query<{ locked: boolean }>({
    text: 'SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked',
    values: [`outbox:${schema}`],
  });
  if (!lock.rows[0]?.locked) return null;
  const rows = await tx.query<OutboxRow>({
    // Order by the bigint column, not the text alias: '10' sorts before '9'.
    text: 'SELECT id::text AS id, topic, message_key, event FROM outbox ORDER BY outbox.id LIMIT $1',
    values: [limit],
  });
  return rows.rows;
}

export async function deleteOutboxRows(tx: pg.PoolClient, ids: string[]): Promise<void> {
  await tx.query({ text: 'DELETE FROM outbox WHERE id = ANY($1::bigint[])', values: [ids] });
}

export async function countOutboxBacklog(pool: pg.Pool): Promise<number> {
  const result = await pool.query<{ count: string }>('SELECT count(*)::text AS count FROM outbox');
  return Number(result.rows[0]?.count ?? 0);
}
