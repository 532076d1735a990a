import { kafkaSecurityShape } from '@dunning/kafka';
import { deleteTopics, dropSchemas, testInfra, testLogger, uniqueName, waitFor } from '@dunning/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { consumer, consumerGroupId, startServiceHost } from '../src/index.ts';

describe('host.start: a service declared once', () => {
  const { kafkaBrokers, databaseUrl, redisUrl } = testInfra();
  const schema = uniqueName('wiring');
  const prefix = `${schema}.`;
  afterAll(async () => {
    await dropSchemas(databaseUrl, [schema]);
    await deleteTopics(kafkaBrokers, prefix);
  });

  it('creates the topics, runs jobs then consumers, reports them and stops them in reverse', async () => {
    const logger = testLogger('wiring');
    const host = await startServiceHost({
      name: 'wired',
      logger,
      partitions: 1,
      config: {
        DATABASE_URL: databaseUrl,
        DB_SCHEMA: schema,
        REDIS_URL: redisUrl,
        REDIS_CLUSTER_NODES: [],
        KAFKA_BROKERS: kafkaBrokers,
        KAFKA_TOPIC_PREFIX: prefix,
        CONSUMER_STALL_SECONDS: 60,
        ...z.object(kafkaSecurityShape).parse({}),
      },
    });
    const order: string[] = [];
    const applied: string[] = [];
    let ticks = 0;
    const {
      consumers: [facts],
      jobs: [tick, worker],
    } = await host.start({
      publishes: ['wired.out.v1'],
      jobs: [
        {
          name: 'tick',
          everyMs: 10,
          runAtStart: true,
          async run() {
            if (ticks++ === 0) order.push('tick');
            return ticks;
          },
        },
        {
          name: 'worker',
          start: () => {
            order.push('worker');
            return {
              label: 'the worker',
              stop: async () => {
                order.push('worker stopped');
              },
              getJobCounts: async () => ({ waiting: 2 }),
            };
          },
        },
      ],
      consumers: [
        consumer<{ id: string }>({
          group: 'facts',
          topic: 'wired.in.v1',
          contract: z.strictObject({ id: z.string() }),
          handle: async (event) => {
            applied.push(event.id);
            return { status: 'applied' };
          },
        }),
      ],
    });
    expect(order).toEqual(['tick', 'worker']);
    expect(worker.label).toBe('the worker');
    expect(await tick.runOnce()).toBeGreaterThan(0);

    const topics = await host.admin.listTopics();
    for (const topic of [`${prefix}wired.in.v1`, `${prefix}wired.out.v1`])
      expect(topics).toEqual(expect.arrayContaining([topic, `${topic}.dlq`]));

    const groupId = consumerGroupId(prefix, 'wired', 'facts');
    expect(groupId).toBe(`${prefix}wired.facts`);
    expect(host.groupId('facts')).toBe(groupId);
    const status = host.opsStatus();
    expect(status.consumers.map(({ groupId, topics }) => ({ groupId, topics }))).toEqual([
      { groupId, topics: [`${prefix}wired.in.v1`] },
    ]);
    expect(status.consumers[0]?.stalls?.()).toEqual([]);
    expect(status.queues?.map((q) => q.name)).toEqual(['worker']);
    expect(await status.queues?.[0]?.getJobCounts()).toEqual({ waiting: 2 });

    await facts!.ready;
    await host.producer.send({
      topic: `${prefix}wired.in.v1`,
      messages: [{ key: 'k', value: JSON.stringify({ id: 'fact-1' }) }],
    });
    await waitFor(async () => applied.includes('fact-1'), { timeoutMs: 20_000, what: 'the event applied' });

    await host.close();
    expect(order.at(-1)).toBe('worker stopped');
    const stoppedAt = ticks;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(ticks).toBe(stoppedAt);
  });
});
