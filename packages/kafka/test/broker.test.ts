import { deleteTopics, testInfra, uniqueName, waitFor } from '@dunning/testing';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, describe, expect, it } from 'vitest';

// Plain kafkajs against the real broker: the ground the platform stands on.
describe('the Kafka broker', () => {
  const { kafkaBrokers } = testInfra();
  const prefix = `${uniqueName('broker')}.`;
  const kafka = new Kafka({ brokers: kafkaBrokers, clientId: 'broker-test', logLevel: logLevel.NOTHING });
  afterAll(() => deleteTopics(kafkaBrokers, prefix));

  it('delivers produced messages to a consumer group, commits, and rebalances when a member joins', async () => {
    const topic = `${prefix}rebalance`;
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 4 }], waitForLeaders: true });

    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const groupId = `${prefix}group`;
    const seen: Record<string, number[]> = { first: [], second: [] };
    const assigned: Record<string, number[]> = { first: [], second: [] };

    const startMember = async (member: 'first' | 'second') => {
      const consumer = kafka.consumer({ groupId, sessionTimeout: 10_000, heartbeatInterval: 500 });
      consumer.on(consumer.events.GROUP_JOIN, (event) => {
        assigned[member] = event.payload.memberAssignment[topic] ?? [];
      });
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ partition }) => {
          seen[member]!.push(partition);
        },
      });
      return consumer;
    };

    const first = await startMember('first');
    const send = (from: number, count: number) =>
      producer.send({
        topic,
        messages: Array.from({ length: count }, (_, i) => ({
          key: `customer-${from + i}`,
          value: `m${from + i}`,
        })),
      });
    await send(0, 40);
    await waitFor(() => seen.first!.length >= 40, { what: '40 messages at the first member' });
    expect(assigned.first).toHaveLength(4);

    const second = await startMember('second');
    await waitFor(() => assigned.second!.length > 0 && assigned.first!.length < 4, { what: 'a rebalance' });
    expect([...assigned.first!, ...assigned.second!].sort()).toEqual([0, 1, 2, 3]);

    await send(40, 40);
    await waitFor(() => seen.first!.length + seen.second!.length >= 80, { what: '80 messages in the group' });
    expect(seen.second!.length).toBeGreaterThan(0);

    await Promise.all([first.disconnect(), second.disconnect()]);
    const offsets = await admin.fetchOffsets({ groupId, topics: [topic] });
    const committed = offsets[0]!.partitions.reduce((sum, p) => sum + Number(p.offset), 0);
    expect(committed).toBe(80);
    await producer.disconnect();
    await admin.disconnect();
  });
});
