import { createPool, migrate } from '@dunning/pg';
import type { Logger } from '@dunning/service-runtime';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { buildConsoleApp } from './app.ts';
import { seedAdmin } from './commands/seed-admin.ts';
import type { ConsoleConfig } from './config.ts';
import { consoleMigrations } from './db/migrations.ts';
import { deleteExpiredSessions } from './db/sessions.queries.ts';

export interface ConsoleService {
  app: FastifyInstance;
  stop(): Promise<void>;
}

/** Migrates its schema, seeds the first admin, builds the app; the four services are met over HTTP. */
export async function startConsoleService(
  config: ConsoleConfig,
  logger: Logger,
  deps: { now?: () => Date } = {},
): Promise<ConsoleService> {
  const now = deps.now ?? (() => new Date());
  await migrate({ databaseUrl: config.DATABASE_URL, schema: config.DB_SCHEMA, sets: [consoleMigrations] });
  const pool = createPool({
    connectionString: config.DATABASE_URL,
    schema: config.DB_SCHEMA,
    applicationName: 'console',
  });
  await seedAdmin(pool, config, logger);
  const sweep = setInterval(() => void deleteExpiredSessions(pool, now()).catch(() => {}), 3_600_000);
  sweep.unref();
  const app = buildConsoleApp({ config, pool, logger: logger as FastifyBaseLogger, now });
  return {
    app,
    async stop() {
      clearInterval(sweep);
      await app.close();
      await pool.end();
    },
  };
}
