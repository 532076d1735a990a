import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { loadConfig as loadDunningConfig } from '@dunning/dunning/config';
import { type DunningService, startDunningService } from '@dunning/dunning/service';
import { loadConfig as loadInvoicesConfig } from '@dunning/invoices/config';
import { type InvoicesService, startInvoicesService } from '@dunning/invoices/service';
import { createPool } from '@dunning/pg';
import { deleteTopics, dropSchemas, testInfra, testLogger, uniqueName } from '@dunning/testing';
import type pg from 'pg';

type ServiceName = 'invoices' | 'dunning';

/**
 * The services of one test, isolated from every other test and run: their own schemas, topic
 * prefix and consumer groups, on the real infrastructure.
 */
export interface PlatformUnderTest {
  topicPrefix: string;
  schemaOf(service: ServiceName): string;
  env(service: ServiceName): Record<string, string>;
  startInvoices(): Promise<InvoicesService>;
  startDunning(): Promise<DunningService>;
  /** The dunning service as its own process, so a test can kill it for real. */
  spawnDunning(): ChildProcess;
  /** A pool on a service's schema, to check what it stored. */
  pool(service: ServiceName): pg.Pool;
  close(): Promise<void>;
}

const dunningMain = fileURLToPath(new URL('../../../services/dunning/src/main.ts', import.meta.url));

export function platformUnderTest(): PlatformUnderTest {
  const infra = testInfra();
  const name = uniqueName('e2e');
  const topicPrefix = `${name}.`;
  const schemaOf = (service: ServiceName) => `${name}_${service}`;
  const stops: (() => Promise<void>)[] = [];
  const pools = new Map<ServiceName, pg.Pool>();

  const env = (service: ServiceName): Record<string, string> => ({
    DATABASE_URL: infra.databaseUrl,
    REDIS_URL: infra.redisUrl,
    KAFKA_BROKERS: infra.kafkaBrokers.join(','),
    KAFKA_TOPIC_PREFIX: topicPrefix,
    DB_SCHEMA: schemaOf(service),
    LOG_LEVEL: 'warn',
    PORT: '0',
  });

  return {
    topicPrefix,
    schemaOf,
    env,
    async startInvoices() {
      const service = await startInvoicesService(loadInvoicesConfig(env('invoices')), testLogger('invoices'));
      stops.push(() => service.stop());
      return service;
    },
    async startDunning() {
      const service = await startDunningService(loadDunningConfig(env('dunning')), testLogger('dunning'));
      stops.push(() => service.stop());
      return service;
    },
    spawnDunning() {
      const child = spawn(process.execPath, [dunningMain], {
        env: { ...process.env, ...env('dunning') },
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      stops.push(async () => {
        if (child.exitCode === null && child.signalCode === null) {
          const exited = new Promise((resolve) => child.once('exit', resolve));
          child.kill('SIGTERM');
          await exited;
        }
      });
      return child;
    },
    pool(service) {
      let pool = pools.get(service);
      if (!pool) {
        pool = createPool({
          connectionString: infra.databaseUrl,
          schema: schemaOf(service),
          applicationName: 'e2e',
        });
        pools.set(service, pool);
      }
      return pool;
    },
    async close() {
      for (const stop of stops.reverse()) await stop();
      for (const pool of pools.values()) await pool.end();
      await dropSchemas(infra.databaseUrl, [schemaOf('invoices'), schemaOf('dunning')]);
      await deleteTopics(infra.kafkaBrokers, topicPrefix);
    },
  };
}
