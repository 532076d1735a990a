import { createKafka } from '@dunning/kafka';
import { Redis } from 'ioredis';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { startContainers } from './containers.ts';
import type { InfraUrls } from './infra.ts';

const HOW_TO_START =
  'Run the tests with `npm test` (it starts Kafka, PostgreSQL and Redis on this machine), or start them ' +
  'with `npm run infra:up` and set KAFKA_BROKERS, DATABASE_URL and REDIS_URL, or run where Docker answers.';

async function probe(name: string, url: string, check: () => Promise<unknown>): Promise<string | undefined> {
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => setTimeout(() => reject(new Error('timed out')), 10_000)),
    ]);
    return undefined;
  } catch (error) {
    return `${name} at ${url} does not answer: ${(error as Error).message}`;
  }
}

async function verify(infra: InfraUrls): Promise<void> {
  const failures = await Promise.all([
    probe('PostgreSQL', infra.databaseUrl, async () => {
      const client = new pg.Client({ connectionString: infra.databaseUrl });
      await client.connect();
      await client.query('SELECT 1').finally(() => client.end());
    }),
    probe('Redis', infra.redisUrl, async () => {
      const redis = new Redis(infra.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
      await redis.connect();
      await redis.ping().finally(() => redis.disconnect());
    }),
    probe('Kafka', infra.kafkaBrokers.join(','), async () => {
      const admin = createKafka({ brokers: infra.kafkaBrokers, clientId: 'test-setup' }).admin();
      await admin.connect();
      await admin.listTopics().finally(() => admin.disconnect());
    }),
  ]);
  const problems = failures.filter(Boolean);
  if (problems.length > 0) throw new Error(`${problems.join('\n')}\n${HOW_TO_START}`);
}

/**
 * Finds the real infrastructure once per project: the URLs from the environment, or containers
 * where Docker answers. Missing infrastructure fails the run; tests never skip.
 */
export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const { KAFKA_BROKERS, DATABASE_URL, REDIS_URL } = process.env;
  let teardown: (() => Promise<void>) | undefined;
  let infra: InfraUrls;
  if (KAFKA_BROKERS && DATABASE_URL && REDIS_URL) {
    infra = { kafkaBrokers: KAFKA_BROKERS.split(','), databaseUrl: DATABASE_URL, redisUrl: REDIS_URL };
  } else if (KAFKA_BROKERS || DATABASE_URL || REDIS_URL) {
    throw new Error(`Set all of KAFKA_BROKERS, DATABASE_URL and REDIS_URL, or none.\n${HOW_TO_START}`);
  } else {
    const started = await startContainers().catch((error: Error) => {
      throw new Error(
        `No infrastructure URLs are set and Docker is not usable (${error.message}).\n${HOW_TO_START}`,
      );
    });
    infra = started.infra;
    teardown = started.stop;
  }
  await verify(infra);
  project.provide('infra', infra);
  return teardown;
}
