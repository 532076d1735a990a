import { fileURLToPath } from 'node:url';
import { dropSchemas, testInfra, uniqueName } from '@dunning/testing';
import { afterAll, describe, expect, it } from 'vitest';
import {
  assertSchemaName,
  createPool,
  isPgError,
  migrate,
  PgErrorCode,
  withSavepoint,
  withTransaction,
} from '../src/index.ts';

const fixtures = { name: 'fixture', dir: fileURLToPath(new URL('./fixtures/migrations', import.meta.url)) };

describe('@dunning/pg', () => {
  const { databaseUrl } = testInfra();
  const schemas: string[] = [];
  afterAll(() => dropSchemas(databaseUrl, schemas));

  it('migrates a schema once, even when several processes start together', async () => {
    const schema = uniqueName('pgpkg');
    schemas.push(schema);
    await Promise.all([1, 2, 3].map(() => migrate({ databaseUrl, schema, sets: [fixtures] })));
    await migrate({ databaseUrl, schema, sets: [fixtures] });
    const pool = createPool({ connectionString: databaseUrl, schema, applicationName: 'pg-test' });
    const runs = await pool.query('SELECT count(*)::int AS n FROM pgmigrations_fixture');
    expect(runs.rows[0].n).toBe(1);
    await pool.end();
  });

  it('keeps money exact: bigint columns come back as BigInt beyond 2^53', async () => {
    const schema = uniqueName('pgpkg');
    schemas.push(schema);
    await migrate({ databaseUrl, schema, sets: [fixtures] });
    const pool = createPool({ connectionString: databaseUrl, schema, applicationName: 'pg-test' });
    const big = 9_007_199_254_740_993n;
    await pool.query('INSERT INTO accounts VALUES ($1, $2)', ['a', big]);
    const row = await pool.query('SELECT balance_minor FROM accounts WHERE id = $1', ['a']);
    expect(row.rows[0].balance_minor).toBe(big);
    await pool.end();
  });

  it('commits a transaction that resolves and rolls back one that throws', async () => {
    const schema = uniqueName('pgpkg');
    schemas.push(schema);
    await migrate({ databaseUrl, schema, sets: [fixtures] });
    const pool = createPool({ connectionString: databaseUrl, schema, applicationName: 'pg-test' });
    await withTransaction(pool, (tx) => tx.query("INSERT INTO accounts VALUES ('kept', 1)"));
    await expect(
      withTransaction(pool, async (tx) => {
        await tx.query("INSERT INTO accounts VALUES ('lost', 2)");
        await tx.query("INSERT INTO accounts VALUES ('kept', 3)");
      }),
    ).rejects.toSatisfy((error) => isPgError(error, PgErrorCode.uniqueViolation));
    const ids = await pool.query('SELECT id FROM accounts ORDER BY id');
    expect(ids.rows.map((r) => r.id)).toEqual(['kept']);
    await pool.end();
  });

  it('rolls back to a savepoint what failed under it, and keeps the rest of the transaction', async () => {
    const schema = uniqueName('pgpkg');
    schemas.push(schema);
    await migrate({ databaseUrl, schema, sets: [fixtures] });
    const pool = createPool({ connectionString: databaseUrl, schema, applicationName: 'pg-test' });
    await withTransaction(pool, async (tx) => {
      await tx.query("INSERT INTO accounts VALUES ('before', 1)");
      await expect(
        withSavepoint(tx, 'attempt', async () => {
          await tx.query("INSERT INTO accounts VALUES ('undone', 2)");
          await tx.query("INSERT INTO accounts VALUES ('before', 3)");
        }),
      ).rejects.toSatisfy((error) => isPgError(error, PgErrorCode.uniqueViolation));
      expect(
        await withSavepoint(tx, 'attempt', () => tx.query("INSERT INTO accounts VALUES ('kept', 4)")),
      ).toBeDefined();
    });
    const ids = await pool.query('SELECT id FROM accounts ORDER BY id');
    expect(ids.rows.map((r) => r.id)).toEqual(['before', 'kept']);
    await expect(withSavepoint({} as never, 'x; COMMIT', async () => 1)).rejects.toThrow(
      /invalid savepoint name/,
    );
    await pool.end();
  });

  it('accepts only plain identifiers as schema names', () => {
    expect(assertSchemaName('invoices_t1')).toBe('invoices_t1');
    for (const bad of ['pg_catalog', 'Invoices', 'a-b', 'x; DROP TABLE y', '', '1abc', 'a'.repeat(64)]) {
      expect(() => assertSchemaName(bad)).toThrow(/invalid schema name/);
    }
  });
});
