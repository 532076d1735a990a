import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPool, migrate } from '@dunning/pg';
import { dropSchemas, testInfra, uniqueName } from '@dunning/testing';
import type pg from 'pg';
import { dunningMigrations } from '../../src/db/migrations.ts';

export interface SchemaBeforeMigration {
  /** On the schema as it was before the migration: store what it must carry over. */
  pool: pg.Pool;
  /** Runs the migration under test (and only it) on what was stored. */
  apply(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A fresh schema migrated up to, not including, `migration` (a file name in the dunning migrations),
 * so a test can store data in the old shape and see the migration carry it over.
 */
export async function schemaBefore(migration: string): Promise<SchemaBeforeMigration> {
  const infra = testInfra();
  const schema = uniqueName('dunmig');
  const dir = mkdtempSync(join(tmpdir(), 'dunning-migrations-'));
  const set = { name: dunningMigrations.name, dir };
  const copy = (keep: (file: string) => boolean) => {
    for (const file of readdirSync(dunningMigrations.dir).filter(keep))
      copyFileSync(join(dunningMigrations.dir, file), join(dir, file));
  };
  copy((file) => file < migration);
  await migrate({ databaseUrl: infra.databaseUrl, schema, sets: [set] });
  const pool = createPool({
    connectionString: infra.databaseUrl,
    schema,
    applicationName: 'dunning-migration-test',
  });
  return {
    pool,
    async apply() {
      copy((file) => file === migration);
      await migrate({ databaseUrl: infra.databaseUrl, schema, sets: [set] });
    },
    async close() {
      await pool.end();
      await dropSchemas(infra.databaseUrl, [schema]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
