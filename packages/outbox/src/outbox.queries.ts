import { lockKey } from '@dunning/pg';
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

/** Inserts the messages and wakes the relay on commit (one notification for any number of rows). */
async function insertOutboxRows(tx: pg.PoolClient, schema: string, messages: OutboxMessage[]): Promise<void> {
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

/**
 * Adds messages to the outbox in the caller's transaction, and wakes the relay on commit.
 *
 * Row ids are handed out at insert, not at commit: two transactions for the same key could commit
 * in the opposite order of their ids, and the relay would publish them out of order. A lock per key,
 * held until commit, makes transactions for one key commit in id order. The keys are locked sorted,
 * so two writers never deadlock on them.
 */
export async function writeToOutbox(
  tx: pg.PoolClient,
  schema: string,
  messages: OutboxMessage[],
): Promise<void> {
  if (messages.length === 0) return;
  const keys = [...new Set(messages.map((m) => m.key))].sort();
  await tx.query({
    text: `SELECT pg_advisory_xact_lock(k) FROM unnest($1::bigint[]) WITH ORDINALITY AS keys(k, position)
           ORDER BY position`,
    values: [keys.map((key) => lockKey(schema, `outbox-key:${key}`))],
  });
  await insertOutboxRows(tx, schema, messages);
}

/**
 * writeToOutbox for many keys at once (a consumer's chunk, an import batch). A lock per key would
 * fill PostgreSQL's shared lock table (64 × max_connections slots) with hundreds or thousands of
 * customers; one table lock gives the same order: every other outbox writer (writeToOutbox's
 * included, whose insert needs the table) waits until this transaction commits, and this one waits
 * for those already writing. Call it last in the transaction, so the lock is held briefly.
 */
export async function writeBatchToOutbox(
  tx: pg.PoolClient,
  schema: string,
  messages: OutboxMessage[],
): Promise<void> {
  if (messages.length === 0) return;
  await tx.query('LOCK TABLE outbox IN SHARE ROW EXCLUSIVE MODE');
  await insertOutboxRows(tx, schema, messages);
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
    text: 'SELECT pg_try_advisory_xact_lock($1) AS locked',
    values: [lockKey(schema, 'outbox-relay')],
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

export interface OutboxBacklog {
  backlog: number;
  /** Age of the oldest unpublished message, null when there is none. */
  oldestAgeSeconds: number | null;
}

export async function outboxBacklog(db: pg.Pool | pg.PoolClient): Promise<OutboxBacklog> {
  const result = await db.query<{ backlog: number; oldest: number | null }>(
    'SELECT count(*)::int AS backlog, extract(epoch FROM now() - min(created_at))::float8 AS oldest FROM outbox',
  );
  const row = result.rows[0];
  return { backlog: row?.backlog ?? 0, oldestAgeSeconds: row?.oldest ?? null };
}
