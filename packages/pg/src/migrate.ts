import { runner } from 'node-pg-migrate';
import pg from 'pg';
import { lockKey } from './lock-key.ts';
import { assertSchemaName } from './pool.ts';

/** A folder of numbered, forward-only `.sql` migrations, tracked in its own table. */
export interface MigrationSet {
  name: string;
  dir: string;
}

export interface MigrateOptions {
  databaseUrl: string;
  schema: string;
  sets: MigrationSet[];
  log?: (message: string) => void;
}

/**
 * Brings the service's schema up to date. Shared packages (outbox, consumer dedupe) ship their own
 * sets, so each set keeps its own history table inside the service's schema.
 */
export async function migrate(options: MigrateOptions): Promise<void> {
  const schema = assertSchemaName(options.schema);
  // The migration lock is held by a session of its own: node-pg-migrate's own lock takes only a
  // 32-bit number, and the platform's lock keys (lockKey) are 64-bit.
  const locker = new pg.Client({ connectionString: options.databaseUrl });
  locker.on('error', () => {});
  await locker.connect();
  try {
    for (const set of options.sets) {
      // One lock per schema and set: services (and parallel tests) migrating other schemas never
      // queue behind each other, and two starts of one service wait rather than fail.
      const key = lockKey(schema, `migrations:${set.name}`);
      await locker.query({ text: 'SELECT pg_advisory_lock($1)', values: [key] });
      try {
        await runner({
          databaseUrl: options.databaseUrl,
          schema,
          createSchema: true,
          dir: set.dir,
          migrationsTable: `pgmigrations_${set.name.replace(/[^a-z0-9_]/g, '_')}`,
          direction: 'up',
          singleTransaction: true,
          checkOrder: true,
          noLock: true,
          log: options.log ?? (() => {}),
        });
      } finally {
        await locker.query({ text: 'SELECT pg_advisory_unlock($1)', values: [key] }).catch(() => {});
      }
    }
  } finally {
    await locker.end().catch(() => {});
  }
}
