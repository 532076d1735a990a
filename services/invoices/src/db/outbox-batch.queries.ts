import type { OutboxMessage } from '@dunning/outbox';
import type pg from 'pg';

/**
 * What writeToOutbox (@dunning/outbox) does, for many messages at once (a consumer's chunk, an
 * import batch). writeToOutbox takes one advisory lock per message key so that one key's
 * transactions commit in id order; a batch holds hundreds or thousands of customers, which would
 * fill PostgreSQL's shared lock table (64 × max_connections slots). One table lock gives the same
 * order: every other outbox writer waits until this batch commits, and this batch waits for those
 * already writing. Taken last in the batch's transaction, so it is held briefly.
 */
export async function insertOutboxRows(
  tx: pg.PoolClient,
  channel: string,
  messages: OutboxMessage[],
): Promise<void> {
  if (messages.length === 0) return;
  await tx.query('LOCK TABLE outbox IN SHARE ROW EXCLUSIVE MODE');
  await tx.query({
    text: `INSERT INTO outbox (topic, message_key, event)
           SELECT * FROM unnest($1::text[], $2::text[], $3::jsonb[])`,
    values: [
      messages.map((message) => message.topic),
      messages.map((message) => message.key),
      messages.map((message) => JSON.stringify(message.event)),
    ],
  });
  await tx.query({ text: 'SELECT pg_notify($1, $2)', values: [channel, ''] });
}
