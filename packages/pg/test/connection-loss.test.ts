import { testInfra } from '@dunning/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { createPool, withTransaction } from '../src/index.ts';

describe('withTransaction when PostgreSQL drops the connection mid-transaction', () => {
  const { databaseUrl } = testInfra();
  const pool = createPool({
    connectionString: databaseUrl,
    schema: 'public',
    applicationName: 'pg-conn-loss',
  });
  const admin = createPool({
    connectionString: databaseUrl,
    schema: 'public',
    applicationName: 'pg-conn-admin',
  });
  afterAll(async () => {
    await pool.end();
    await admin.end();
  });

  it('fails that transaction without an uncaught error, and the pool carries on with a fresh connection', async () => {
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown) => uncaught.push(error);
    process.on('uncaughtException', onUncaught);
    try {
      let backend = 0;
      const attempt = withTransaction(pool, async (client) => {
        backend = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
        // Between two statements the server ends this session, as a PostgreSQL restart does.
        await admin.query('SELECT pg_terminate_backend($1)', [backend]);
        await new Promise((resolve) => setTimeout(resolve, 300));
        await client.query('SELECT 1');
      });
      await expect(attempt).rejects.toThrow();
      expect(uncaught).toEqual([]);
      const after = await withTransaction(pool, async (client) =>
        Number((await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid),
      );
      expect(after).not.toBe(backend);
    } finally {
      process.off('uncaughtException', onUncaught);
    }
  });
});
