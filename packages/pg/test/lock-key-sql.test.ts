import { testInfra } from '@dunning/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { createPool, lockKey, lockKeySql } from '../src/index.ts';

describe('lockKeySql against PostgreSQL', () => {
  const { databaseUrl } = testInfra();
  const pool = createPool({
    connectionString: databaseUrl,
    schema: 'public',
    applicationName: 'pg-lock-key',
  });
  afterAll(() => pool.end());

  it('computes in SQL the key lockKey computes in JavaScript', async () => {
    const names = ['customer:c-1', 'outbox:publish', 'policy:standard', 'customer:Zoë ✓', ''];
    for (const schema of ['invoices', 'dunning_t1']) {
      const result = await pool.query<{ key: bigint }>({
        text: `SELECT ${lockKeySql('$1', "'' || name")} AS key FROM unnest($2::text[]) WITH ORDINALITY AS n(name, i)
               ORDER BY i`,
        values: [schema, names],
      });
      expect(result.rows.map((row) => row.key)).toEqual(names.map((name) => lockKey(schema, name)));
    }
  });

  it('locks per schema: the same name held in one schema does not block another', async () => {
    const a = await pool.connect();
    const b = await pool.connect();
    try {
      await a.query('BEGIN');
      await b.query('BEGIN');
      await a.query({
        text: 'SELECT pg_advisory_xact_lock($1)',
        values: [lockKey('schema_a', 'customer:c-1')],
      });
      const other = await b.query<{ locked: boolean }>({
        text: 'SELECT pg_try_advisory_xact_lock($1) AS locked',
        values: [lockKey('schema_b', 'customer:c-1')],
      });
      const same = await b.query<{ locked: boolean }>({
        text: 'SELECT pg_try_advisory_xact_lock($1) AS locked',
        values: [lockKey('schema_a', 'customer:c-1')],
      });
      expect(other.rows[0]!.locked).toBe(true);
      expect(same.rows[0]!.locked).toBe(false);
    } finally {
      await a.query('ROLLBACK');
      await b.query('ROLLBACK');
      a.release();
      b.release();
    }
  });
});
