import { createPool, listen, migrate, withTransaction } from '@dunning/pg';
import { dropSchemas, testInfra, uniqueName, waitFor } from '@dunning/testing';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outboxChannel, outboxMigrations, writeToOutbox } from '../src/index.ts';
import { takeOutboxBatch } from '../src/outbox.queries.ts';

// Two services (or two deployments) whose schemas share one database: advisory locks and LISTEN
// channels are database-wide, so each must carry its schema.
describe('two schemas in one database', () => {
  const { databaseUrl } = testInfra();
  const schemas = [uniqueName('outbox_a'), uniqueName('outbox_b')] as const;
  let pools: pg.Pool[] = [];

  beforeAll(async () => {
    for (const schema of schemas) await migrate({ databaseUrl, schema, sets: [outboxMigrations] });
    pools = schemas.map((schema) =>
      createPool({ connectionString: databaseUrl, schema, applicationName: 'two-schemas' }),
    );
  });
  afterAll(async () => {
    await Promise.all(pools.map((pool) => pool.end()));
    await dropSchemas(databaseUrl, [...schemas]);
  });

  it("never wait on each other's relay lock or per-key locks", async () => {
    const [a, b] = schemas;
    const [poolA, poolB] = pools as [pg.Pool, pg.Pool];
    const held = await poolA.connect();
    try {
      await held.query('BEGIN');
      // A's relay is publishing, and a writer in A holds customer c-1's key lock.
      expect(await takeOutboxBatch(held, a, 10)).not.toBeNull();
      await writeToOutbox(held, a, [{ topic: 't', key: 'c-1', event: { id: 'a-1' } }]);
      // A second relay of A waits its turn: the lock is real.
      expect(await withTransaction(poolA, (tx) => takeOutboxBatch(tx, a, 10))).toBeNull();
      // B's relay and B's writer for the same key go ahead; a lock shared with A would fail here.
      await withTransaction(poolB, async (tx) => {
        await tx.query("SET LOCAL lock_timeout = '3s'");
        expect(await takeOutboxBatch(tx, b, 10)).not.toBeNull();
        await writeToOutbox(tx, b, [{ topic: 't', key: 'c-1', event: { id: 'b-1' } }]);
      });
    } finally {
      await held.query('ROLLBACK');
      held.release();
    }
  });

  it("wake only their own relay: a commit in B is not heard on A's channel", async () => {
    const [a, b] = schemas;
    const [poolA, poolB] = pools as [pg.Pool, pg.Pool];
    expect(outboxChannel(a)).not.toBe(outboxChannel(b));
    let heard = 0;
    let listening = false;
    const listener = await listen(databaseUrl, outboxChannel(a), () => heard++, {
      onListening: () => {
        listening = true;
      },
    });
    try {
      await waitFor(async () => listening, { what: 'LISTEN in effect' });
      await withTransaction(poolB, (tx) =>
        writeToOutbox(tx, b, [{ topic: 't', key: 'k', event: { id: 'b-2' } }]),
      );
      await withTransaction(poolA, (tx) =>
        writeToOutbox(tx, a, [{ topic: 't', key: 'k', event: { id: 'a-2' } }]),
      );
      // A's own notification is the marker: B's, committed first, would have arrived before it.
      await waitFor(async () => heard > 0, { what: "A's notification" });
      expect(heard).toBe(1);
    } finally {
      await listener.stop();
    }
  });
});
