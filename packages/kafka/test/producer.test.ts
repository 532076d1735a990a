import { deleteTopics, testInfra, testLogger, uniqueName } from '@dunning/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKafka, type EventProducer, type KafkaAdmin } from '../src/index.ts';

describe('the idempotent producer', () => {
  const { kafkaBrokers } = testInfra();
  const prefix = uniqueName('producer');
  const kafka = createKafka({
    brokers: kafkaBrokers,
    clientId: 'producer-test',
    logger: testLogger('producer'),
  });
  let admin: KafkaAdmin;
  let producer: EventProducer;

  beforeAll(async () => {
    admin = kafka.admin();
    await admin.connect();
    await admin.createTopics([
      { topic: `${prefix}.facts`, numPartitions: 1 },
      // Refuses what the other takes, so that one request is answered in part.
      { topic: `${prefix}.narrow`, numPartitions: 1, config: { 'max.message.bytes': '2000' } },
      { topic: `${prefix}.spread`, numPartitions: 3 },
    ]);
    producer = await kafka.producer();
  });
  afterAll(async () => {
    await producer.disconnect();
    await admin.disconnect();
    await deleteTopics(kafkaBrokers, `${prefix}.`);
  });

  const highWatermarks = async (topic: string) =>
    (await admin.fetchTopicOffsets(topic))
      .sort((a, b) => a.partition - b.partition)
      .map((p) => Number(p.high));

  // A broker restart answers requests in part the same way: some partitions written, some refused.
  it('writes what it sends after a request the broker took only in part', async () => {
    await expect(
      producer.sendBatch({
        acks: -1,
        topicMessages: [
          { topic: `${prefix}.facts`, messages: [{ key: 'c1', value: 'first' }] },
          { topic: `${prefix}.narrow`, messages: [{ key: 'c1', value: 'x'.repeat(10_000) }] },
        ],
      }),
    ).rejects.toThrow(/too large|larger/i);
    expect(await highWatermarks(`${prefix}.facts`)).toEqual([1]);

    // One message again, as the written batch was: the same sequence range would be acknowledged as
    // a repeat and dropped.
    const [written] = await producer.send({
      topic: `${prefix}.facts`,
      acks: -1,
      messages: [{ key: 'c1', value: 'second' }],
    });
    expect(written?.baseOffset).toBe('1');
    expect(await highWatermarks(`${prefix}.facts`)).toEqual([2]);
  });

  it('places messages without a key by their value, so a retried request keeps each partition batch', async () => {
    for (let i = 0; i < 6; i++) {
      await producer.send({
        topic: `${prefix}.spread`,
        acks: -1,
        messages: [{ key: null, value: 'same letter' }],
      });
    }
    const counts = await highWatermarks(`${prefix}.spread`);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(6);
    expect(counts).toContain(6);
  });

  it('refuses to send once disconnected', async () => {
    const closed = await kafka.producer();
    await closed.disconnect();
    await expect(closed.send({ topic: `${prefix}.facts`, messages: [{ value: 'late' }] })).rejects.toThrow(
      /disconnected/,
    );
    expect(await highWatermarks(`${prefix}.facts`)).toEqual([2]);
  });
});
