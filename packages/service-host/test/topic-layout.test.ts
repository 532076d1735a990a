import { baseConfigShape, parseConfig } from '@dunning/service-runtime';
import { deleteTopics, dropSchemas, testInfra, testLogger, uniqueName } from '@dunning/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startServiceHost } from '../src/index.ts';

describe('the topics a service creates', () => {
  const { kafkaBrokers, databaseUrl, redisUrl } = testInfra();
  const schema = uniqueName('layout');
  const prefix = `${schema}.`;
  afterAll(async () => {
    await dropSchemas(databaseUrl, [schema]);
    await deleteTopics(kafkaBrokers, prefix);
  });

  it('take their partitions, replication factor and min.insync.replicas from the configuration', async () => {
    const config = parseConfig(z.object(baseConfigShape({ port: 0, schema })), {
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisUrl,
      KAFKA_BROKERS: kafkaBrokers.join(','),
      KAFKA_TOPIC_PREFIX: prefix,
      KAFKA_TOPIC_PARTITIONS: '2',
      // One broker holds one copy: the most this shared broker can show (the cluster test shows 3 and 2).
      KAFKA_REPLICATION_FACTOR: '1',
      KAFKA_MIN_INSYNC_REPLICAS: '1',
    });
    const host = await startServiceHost({ name: 'layout', logger: testLogger('layout'), config });
    try {
      await host.start({ publishes: ['layout.out.v1'], consumers: [] });
      const topic = `${prefix}layout.out.v1`;
      const [metadata] = await host.admin.fetchTopicMetadata([topic]);
      expect(metadata?.partitions.map((p) => p.replicas.length)).toEqual([1, 1]);
      expect(await host.admin.describeTopicConfig(topic)).toMatchObject({
        'min.insync.replicas': '1',
        'retention.ms': '-1',
      });
    } finally {
      await host.close();
    }
  });

  it('refuses a min.insync.replicas above the replication factor, which would refuse every write', () => {
    expect(() =>
      parseConfig(z.object(baseConfigShape({ port: 0, schema })), {
        KAFKA_REPLICATION_FACTOR: '2',
        KAFKA_MIN_INSYNC_REPLICAS: '3',
      }),
    ).toThrow(/KAFKA_MIN_INSYNC_REPLICAS.*must not exceed KAFKA_REPLICATION_FACTOR \(2\)/s);
  });
});
