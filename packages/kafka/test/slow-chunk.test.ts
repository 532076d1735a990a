import { setTimeout as sleep } from 'node:timers/promises';
import { waitFor } from '@dunning/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { KafkaAdmin } from '../src/index.ts';
import { oneTopicConsumer } from './support/one-topic-consumer.ts';

const Marker = z.strictObject({ id: z.string(), slowMs: z.number().int() });

// Found under load: on a saturated host a chunk outlasted the session timeout, the coordinator dropped
// the replica, and the group went round rejoining while the lag grew.
describe('a chunk slower than the session timeout', () => {
  const applied: string[] = [];
  const { topic, group, kafka, producer } = oneTopicConsumer(
    'slow-chunk',
    Marker,
    async (event) => {
      await sleep(event.slowMs);
      applied.push(event.id);
      return { status: 'applied' };
    },
    // The broker's least session timeout, so that the test outlasts it soon.
    { sessionTimeoutMs: 6_000 },
  );
  let admin: KafkaAdmin;
  beforeAll(async () => {
    admin = kafka.admin();
    await admin.connect();
  });
  afterAll(() => admin.disconnect());

  it('keeps its replica in the group while the chunk is applied', { timeout: 60_000 }, async () => {
    const memberIds = async () => {
      const [described] = await admin.describeGroups([group]);
      return { state: described?.state, members: described?.members.map((m) => m.memberId) ?? [] };
    };
    const before = await memberIds();
    expect(before).toMatchObject({ state: 'Stable', members: [expect.any(String)] });

    await producer().send({
      topic,
      messages: [{ key: 'k', value: JSON.stringify({ id: 'slow-1', slowMs: 10_000 }) }],
    });
    const seen: Awaited<ReturnType<typeof memberIds>>[] = [];
    while (!applied.includes('slow-1')) {
      seen.push(await memberIds());
      await sleep(500);
    }
    // Every look during the 10 s chunk: the same member, the group stable.
    expect(seen.length).toBeGreaterThan(15);
    expect(seen.filter((s) => s.state !== 'Stable' || s.members[0] !== before.members[0])).toEqual([]);

    await producer().send({
      topic,
      messages: [{ key: 'k', value: JSON.stringify({ id: 'next', slowMs: 0 }) }],
    });
    await waitFor(() => applied.includes('next'), { what: 'the next event' });
    expect(applied).toEqual(['slow-1', 'next']);
  });
});
