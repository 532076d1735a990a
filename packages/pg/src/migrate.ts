import { createHash } from 'node:crypto';
import { runner } from 'node-pg-migrate';
import { assertSchemaName } from './pool.ts';

/** A stable 31-bit key for an advisory lock. */
function lockKey(name: string): number {
  return Number.parseInt(createHash('sha256').update(name).digest('hex').slice(0, 8), 16) & 0x7fffffff;
}

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
  for (const set of options.sets) {
    await runner({
      databaseUrl: options.databaseUrl,
      schema,
      createSchema: true,
      dir: set.dir,
      migrationsTable: `pgmigrations_${set.name.replace(/[^a-z0-9_]/g, '_')}`,
      direction: 'up',
      singleTransaction: true,
      checkOrder: true,
      // One lock per schema and set: services (and parallel tests) migrating other schemas never
      // queue behind each other, and two starts of one service wait rather than fail.
      lockValue: lockKey(`${schema}.${set.name}`),
      advisoryLockMode: 'wait',
      log: options.log ?? (() => {}),
    });
  }
}
