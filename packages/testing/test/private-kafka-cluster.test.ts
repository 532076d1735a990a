import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKafka, ensureTopics } from '@dunning/kafka';
import { afterAll, describe, expect, it } from 'vitest';
import { type PrivateKafkaCluster, startPrivateKafkaCluster } from '../src/private-kafka-cluster.ts';

describe('a private three-node Kafka cluster', () => {
  const dir = mkdtempSync(join(tmpdir(), 'private-kafka-cluster-'));
  let cluster: PrivateKafkaCluster | undefined;
  // A controlled shutdown of three nodes moves every leader first: longer than a hook's default.
  afterAll(async () => {
    await cluster?.stop();
    rmSync(dir, { recursive: true, force: true });
  }, 120_000);

  it('holds three copies of each partition and takes acks=all writes with one node killed', {
    timeout: 600_000,
  }, async () => {
    cluster = await startPrivateKafkaCluster({ dir });
    const client = createKafka({ brokers: cluster.brokers, clientId: 'private-cluster-test', retries: 10 });
    const admin = client.admin();
    await admin.connect();
    await ensureTopics(admin, ['facts'], { partitions: 3, replicationFactor: 3, minInsyncReplicas: 2 });
    const [metadata] = await admin.fetchTopicMetadata(['facts']);
    expect(metadata?.partitions.map((p) => p.replicas.length)).toEqual([3, 3, 3]);
    expect(await admin.describeTopicConfig('facts')).toMatchObject({ 'min.insync.replicas': '2' });
    expect(await admin.describeTopicConfig('facts.dlq')).toMatchObject({ 'min.insync.replicas': '2' });
    const producer = await client.producer();
    const send = (value: string) =>
      producer.send({ topic: 'facts', acks: -1, messages: ['a', 'b', 'c'].map((key) => ({ key, value })) });
    await send('all three up');

    await cluster.kill(2);
    // Two copies in sync are enough for min.insync.replicas 2: writes go on, through new leaders.
    for (let attempt = 1; ; attempt++) {
      const ok = await send('node 2 down').then(
        () => true,
        () => false,
      );
      if (ok) break;
      expect(attempt, 'writes with node 2 down').toBeLessThan(20);
    }
    await cluster.restart(2);
    await send('node 2 back');
    const total = (await admin.fetchTopicOffsets('facts')).reduce((sum, p) => sum + Number(p.high), 0);
    expect(total).toBeGreaterThanOrEqual(9);
    await producer.disconnect();
    await admin.disconnect();
  });
});
