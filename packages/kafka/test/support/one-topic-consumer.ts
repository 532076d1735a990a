import { createPool, migrate } from '@dunning/pg';
import { deleteTopics, dropSchemas, testInfra, testLogger, uniqueName } from '@dunning/testing';
import type pg from 'pg';
import type { Logger } from 'pino';
import { afterAll, beforeAll } from 'vitest';
import type { z } from 'zod';
import {
  createKafka,
  type EventConsumer,
  type EventHandler,
  type EventProducer,
  ensureTopics,
  type KafkaClient,
  kafkaMigrations,
  startEventConsumer,
} from '../../src/index.ts';

export interface OneTopicConsumer {
  topic: string;
  /** The consumer's group id. */
  group: string;
  kafka: KafkaClient;
  producer(): EventProducer;
  consumer(): EventConsumer;
}

/**
 * A topic of one partition and a consumer of it with its own schema, started before the file's tests
 * and removed after them.
 */
export function oneTopicConsumer<E extends { id: string }>(
  name: string,
  contract: z.ZodType<E>,
  handle: EventHandler<E>,
  options: { sessionTimeoutMs?: number; stallAfterMs?: number; logger?: Logger } = {},
): OneTopicConsumer {
  const { kafkaBrokers, databaseUrl } = testInfra();
  const schema = uniqueName(name.replaceAll('-', ''));
  const topic = `${schema}.events`;
  const group = `${topic}.reader`;
  const { logger = testLogger(name), ...consumerOptions } = options;
  const kafka = createKafka({ brokers: kafkaBrokers, clientId: name, logger });
  let pool: pg.Pool | undefined;
  let producer: EventProducer | undefined;
  let consumer: EventConsumer | undefined;

  beforeAll(async () => {
    await migrate({ databaseUrl, schema, sets: [kafkaMigrations] });
    pool = createPool({ connectionString: databaseUrl, schema, applicationName: name });
    producer = await kafka.producer();
    await ensureTopics(kafka.admin(), [topic], { partitions: 1 });
    consumer = await startEventConsumer({
      kafka,
      pool,
      producer,
      logger,
      name: group,
      topics: { [topic]: contract },
      handle,
      ...consumerOptions,
    });
    await consumer.ready;
  });
  afterAll(async () => {
    await consumer?.stop();
    await producer?.disconnect();
    await pool?.end();
    await dropSchemas(databaseUrl, [schema]);
    await deleteTopics(kafkaBrokers, `${schema}.`);
  });

  return {
    topic,
    group,
    kafka,
    producer() {
      if (!producer) throw new Error('the producer starts before the tests');
      return producer;
    },
    consumer() {
      if (!consumer) throw new Error('the consumer starts before the tests');
      return consumer;
    },
  };
}
