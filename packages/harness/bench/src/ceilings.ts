import { randomBytes } from 'node:crypto';
import { createKafka, ensureTopics } from '@dunning/kafka';
import pg from 'pg';
import { pino } from 'pino';

export interface Ceiling {
  name: string;
  count: number;
  seconds: number;
  perSecond: number;
}

const rate = (name: string, count: number, started: number): Ceiling => {
  const seconds = (performance.now() - started) / 1000;
  return { name, count, seconds, perSecond: Math.round(count / seconds) };
};

/** Kafka produce with the platform's producer (acks=all, idempotent, batches of 2,000) and produce-to-consume of ~450-byte events. */
export async function kafkaCeilings(brokers: string[], prefix: string, messages: number): Promise<Ceiling[]> {
  const kafka = createKafka({ brokers, clientId: 'bench-ceiling', logger: pino({ level: 'error' }) });
  const topic = `${prefix}ceiling`;
  const admin = kafka.admin();
  await admin.connect();
  await ensureTopics(admin, [topic], { partitions: 3 });
  const producer = await kafka.producer();
  let consumed = 0;
  let allConsumed: () => void = () => {};
  const done = new Promise<void>((resolve) => {
    allConsumed = resolve;
  });
  const reader = await kafka.reader({
    groupId: `${prefix}ceiling-reader`,
    topics: [topic],
    onBatch: (batch) => {
      consumed += batch.messages.length;
      if (consumed >= messages) allConsumed();
    },
  });
  const payload = randomBytes(300).toString('base64');
  const started = performance.now();
  for (let sent = 0; sent < messages; sent += 2000) {
    const n = Math.min(2000, messages - sent);
    await producer.send({
      topic,
      messages: Array.from({ length: n }, (_, i) => ({ key: `c${(sent + i) % 997}`, value: payload })),
    });
  }
  const produce = rate('kafka produce (acks=all, idempotent)', messages, started);
  await done;
  const endToEnd = rate('kafka produce-to-consume', messages, started);
  await reader.stop();
  await producer.disconnect();
  await admin.deleteTopics([topic, `${topic}.dlq`]);
  await admin.disconnect();
  return [produce, endToEnd];
}

/** One connection inserting batches with a single unnest INSERT ... ON CONFLICT DO NOTHING. */
export async function postgresCeiling(databaseUrl: string, rows: number): Promise<Ceiling> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  await client.query(
    'CREATE TEMP TABLE bench_rows (id text PRIMARY KEY, customer text, amount_minor bigint, at timestamptz)',
  );
  const started = performance.now();
  for (let done = 0; done < rows; done += 5000) {
    const ids = Array.from({ length: Math.min(5000, rows - done) }, (_, i) => `row-${done + i}`);
    await client.query({
      text: `INSERT INTO bench_rows SELECT id, 'c' || (length(id) % 97), 12345, now() FROM unnest($1::text[]) AS id
             ON CONFLICT DO NOTHING`,
      values: [ids],
    });
  }
  const result = rate('postgres batched insert (unnest, 5,000 rows)', rows, started);
  await client.end();
  return result;
}
