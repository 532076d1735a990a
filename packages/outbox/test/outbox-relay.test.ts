import { createKafka, type EventProducer, ensureTopics, type Reader } from '@dunning/kafka';
import { createPool, migrate, withTransaction } from '@dunning/pg';
import { deleteTopics, dropSchemas, testInfra, testLogger, uniqueName, waitFor } from '@dunning/testing';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  OutboxRelay,
  outboxBacklog,
  outboxMigrations,
  writeBatchToOutbox,
  writeToOutbox,
} from '../src/index.ts';

describe('outbox and relay', () => {
  const { kafkaBrokers, databaseUrl } = testInfra();
  const schema = uniqueName('outbox');
  const topic = `${schema}.facts`;
  const logger = testLogger('outbox-test');
  const kafka = createKafka({ brokers: kafkaBrokers, clientId: 'outbox-test', logger });
  let pool: pg.Pool;
  let producer: EventProducer;
  const received: { key: string; id: string; seq: number }[] = [];
  let reader: Reader;

  beforeAll(async () => {
    await migrate({ databaseUrl, schema, sets: [outboxMigrations] });
    pool = createPool({ connectionString: databaseUrl, schema, applicationName: 'outbox-test' });
    producer = await kafka.producer();
    const admin = kafka.admin();
    await admin.connect();
    await ensureTopics(admin, [topic], { partitions: 3 });
    await admin.disconnect();
    reader = await kafka.reader({
      groupId: `${schema}.reader`,
      topics: [topic],
      onMessage: (message) => {
        const event = JSON.parse(String(message.value));
        received.push({ key: String(message.key), id: event.id, seq: event.seq });
      },
    });
  });
  afterAll(async () => {
    await reader.stop();
    await producer.disconnect();
    await pool.end();
    await dropSchemas(databaseUrl, [schema]);
    await deleteTopics(kafkaBrokers, `${schema}.`);
  });

  const write = (key: string, seqs: number[], tag: string) =>
    withTransaction(pool, (tx) =>
      writeToOutbox(
        tx,
        schema,
        seqs.map((seq) => ({ topic, key, event: { id: `${tag}-${key}-${seq}`, seq } })),
      ),
    );
  /**
   * One message for `key` written in a transaction that stays open 500 ms after the write: it takes
   * the lower row id but commits late. Resolves once written; `committed` once it commits.
   */
  async function writeThenCommitLate(
    key: string,
    id: string,
    seq: number,
  ): Promise<{ committed: Promise<void> }> {
    let wrote: () => void = () => {};
    const written = new Promise<void>((resolve) => {
      wrote = resolve;
    });
    const committed = withTransaction(pool, async (tx) => {
      await writeToOutbox(tx, schema, [{ topic, key, event: { id, seq } }]);
      wrote();
      await new Promise((resolve) => setTimeout(resolve, 500));
    });
    await written;
    return { committed };
  }
  const backlog = async () => Number((await pool.query('SELECT count(*) FROM outbox')).rows[0].count);

  it('publishes what was committed, in commit order per key, and nothing that was rolled back', async () => {
    const relay = new OutboxRelay({ pool, schema, connectionString: databaseUrl, producer, logger });
    await relay.start();
    await expect(
      withTransaction(pool, async (tx) => {
        await writeToOutbox(tx, schema, [{ topic, key: 'k-rolled-back', event: { id: 'never', seq: 0 } }]);
        throw new Error('the state change failed');
      }),
    ).rejects.toThrow('the state change failed');
    for (let batch = 0; batch < 10; batch++) {
      await write('k-1', [batch * 3, batch * 3 + 1, batch * 3 + 2], 'a');
      await write('k-2', [batch], 'a');
    }
    await waitFor(() => received.filter((r) => r.id.startsWith('a-')).length >= 40, { what: '40 messages' });
    await relay.stop();
    const ofKey = (key: string) =>
      received.filter((r) => r.key === key && r.id.startsWith('a-')).map((r) => r.seq);
    expect(ofKey('k-1')).toEqual(Array.from({ length: 30 }, (_, i) => i));
    expect(ofKey('k-2')).toEqual(Array.from({ length: 10 }, (_, i) => i));
    expect(received.some((r) => r.key === 'k-rolled-back')).toBe(false);
    expect(await backlog()).toBe(0);
  });

  it('keeps what was written while no relay ran, and two relays publish it once, in order', async () => {
    await write(
      'k-3',
      Array.from({ length: 1200 }, (_, i) => i),
      'b',
    );
    expect(await backlog()).toBe(1200);
    const relays = [1, 2].map(
      () =>
        new OutboxRelay({ pool, schema, connectionString: databaseUrl, producer, logger, batchSize: 100 }),
    );
    await Promise.all(relays.map((relay) => relay.start()));
    await waitFor(() => received.filter((r) => r.id.startsWith('b-')).length >= 1200, {
      what: '1200 messages',
    });
    await Promise.all(relays.map((relay) => relay.stop()));
    const seqs = received.filter((r) => r.id.startsWith('b-')).map((r) => r.seq);
    expect(seqs).toEqual(Array.from({ length: 1200 }, (_, i) => i));
    expect(await backlog()).toBe(0);
  });

  it('publishes one key in commit order even when its transactions overlap', async () => {
    const relay = new OutboxRelay({ pool, schema, connectionString: databaseUrl, producer, logger });
    await relay.start();
    // The first transaction takes the lower row id but commits late.
    const slow = await writeThenCommitLate('k-5', 'd-k-5-1', 1);
    await write('k-5', [2], 'd');
    await slow.committed;
    await waitFor(() => received.filter((r) => r.id.startsWith('d-')).length >= 2, { what: 'both messages' });
    await relay.stop();
    expect(received.filter((r) => r.id.startsWith('d-')).map((r) => r.seq)).toEqual([1, 2]);
  });

  it('is woken by the commit rather than waiting for its poll', async () => {
    const relay = new OutboxRelay({
      pool,
      schema,
      connectionString: databaseUrl,
      producer,
      logger,
      pollIntervalMs: 60_000,
    });
    await relay.start();
    await new Promise((resolve) => setTimeout(resolve, 300)); // let it settle into its long wait
    const start = Date.now();
    await write('k-4', [1], 'c');
    await waitFor(() => received.some((r) => r.id === 'c-k-4-1'), {
      what: 'the woken publish',
      timeoutMs: 10_000,
    });
    await relay.stop();
    expect(Date.now() - start).toBeLessThan(10_000);
  });

  it('is still woken by commits after PostgreSQL ends its LISTEN session', async () => {
    const relay = new OutboxRelay({
      pool,
      schema,
      connectionString: databaseUrl,
      producer,
      logger,
      pollIntervalMs: 60_000,
    });
    await relay.start();
    const listenerPids = async () =>
      (
        await pool.query<{ pid: number }>({
          text: 'SELECT pid FROM pg_stat_activity WHERE query = $1',
          values: [`LISTEN "outbox_${schema}"`],
        })
      ).rows.map((row) => row.pid);
    const [pid] = await waitFor(async () => {
      const pids = await listenerPids();
      return pids.length === 1 && pids;
    });
    await pool.query({ text: 'SELECT pg_terminate_backend($1)', values: [pid] });
    await waitFor(
      async () => {
        const pids = await listenerPids();
        return pids.length === 1 && pids[0] !== pid;
      },
      { what: 'the relay to LISTEN again' },
    );
    await new Promise((resolve) => setTimeout(resolve, 300)); // past the wake-up the reconnection gives
    await write('k-7', [1], 'e');
    await waitFor(() => received.some((r) => r.id === 'e-k-7-1'), {
      what: 'the woken publish',
      timeoutMs: 10_000,
    });
    await relay.stop();
  });

  it('writes a batch of many keys under a table lock, in commit order with per-key writers', async () => {
    const relay = new OutboxRelay({ pool, schema, connectionString: databaseUrl, producer, logger });
    await relay.start();
    // A per-key writer takes the lower row id and commits late: the batch waits for it.
    const slow = await writeThenCommitLate('k-6', 'f-k-6-0', 0);
    const keys = Array.from({ length: 300 }, (_, i) => `k-6-${i}`);
    await withTransaction(pool, (tx) =>
      writeBatchToOutbox(tx, schema, [
        { topic, key: 'k-6', event: { id: 'f-k-6-1', seq: 1 } },
        ...keys.map((key) => ({ topic, key, event: { id: `f-${key}`, seq: 1 } })),
      ]),
    );
    await slow.committed;
    await waitFor(() => received.filter((r) => r.id.startsWith('f-')).length >= 302, {
      what: '302 messages',
    });
    await relay.stop();
    expect(received.filter((r) => r.key === 'k-6').map((r) => r.seq)).toEqual([0, 1]);
    expect(await outboxBacklog(pool)).toEqual({ backlog: 0, oldestAgeSeconds: null });
  });
});
