import { dlqTopic } from '@dunning/contracts';
import { waitFor } from '@dunning/testing';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { oneTopicConsumer } from './support/one-topic-consumer.ts';

const Marker = z.strictObject({ id: z.string(), name: z.string() });

// Found by fuzzing erp.events.v1: a chunk holding a few invalid messages of some hundred KB each was
// dead-lettered in one request, above the broker's 1 MB per batch; the non-retriable error stopped
// the consumer for good. A message near the source topic's limit did not fit the DLQ with its headers.
describe('dead letters of any size', () => {
  const applied: string[] = [];
  const { topic, group, kafka, producer } = oneTopicConsumer('dead-letters-size', Marker, async (event) => {
    applied.push(event.name);
    return { status: 'applied' };
  });

  it('sends them all to the DLQ and goes on with the next message', async () => {
    // Each produced alone (each fits a request), read back together in one chunk.
    const sizes = [400_000, 400_000, 400_000, 1_048_400];
    for (const size of sizes)
      await producer().send({ topic, messages: [{ key: 'k', value: 'x'.repeat(size) }] });
    await producer().send({
      topic,
      messages: [{ key: 'k', value: JSON.stringify({ id: 'm-1', name: 'after' }) }],
    });
    await waitFor(() => applied.includes('after'), {
      timeoutMs: 30_000,
      what: 'the message after the big ones',
    });

    const letters: { size: number; reason: string }[] = [];
    const reader = await kafka.reader({
      groupId: `${group}.dlq-reader`,
      topics: [dlqTopic(topic)],
      maxBytesPerPartition: 4 * 1024 * 1024,
      onMessage: (message) =>
        void letters.push({
          size: message.value?.length ?? 0,
          reason: String(message.headers['dlq.reason']),
        }),
    });
    await waitFor(() => letters.length >= sizes.length, { timeoutMs: 30_000, what: 'four dead letters' });
    await reader.stop();
    expect(letters.map((letter) => letter.size)).toEqual(sizes);
    for (const letter of letters) expect(letter.reason).toMatch(/^invalid JSON/);
  }, 60_000);
});
