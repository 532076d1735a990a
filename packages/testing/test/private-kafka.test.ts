import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKafka } from '@dunning/kafka';
import { afterAll, describe, expect, it } from 'vitest';
import { type PrivateKafka, startPrivateKafka } from '../src/private-kafka.ts';

describe('a private Kafka broker', () => {
  const dir = mkdtempSync(join(tmpdir(), 'private-kafka-'));
  let kafka: PrivateKafka | undefined;
  afterAll(async () => {
    await kafka?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers when started and again after a kill -9 and restart, with what it had written', {
    timeout: 300_000,
  }, async () => {
    kafka = await startPrivateKafka({ dir });
    const client = createKafka({ brokers: [kafka.broker], clientId: 'private-kafka-test' });
    const admin = client.admin();
    await admin.connect();
    await admin.createTopics([{ topic: 'kept', numPartitions: 1 }]);
    const producer = await client.producer();
    await producer.send({ topic: 'kept', acks: -1, messages: [{ value: 'before the kill' }] });
    await producer.disconnect();
    await admin.disconnect();

    await kafka.killAndRestart();
    // Returns once an admin round trip succeeds, so this first call meets a ready broker.
    const after = client.admin();
    await after.connect();
    const offsets = await after.fetchTopicOffsets('kept');
    await after.disconnect();
    expect(offsets).toEqual([expect.objectContaining({ partition: 0, high: '1' })]);
  });
});
