import { Writable } from 'node:stream';
import { waitFor } from '@dunning/testing';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { oneTopicConsumer } from './support/one-topic-consumer.ts';

const Marker = z.strictObject({ id: z.string() });

describe('a partition the consumer cannot get past', () => {
  const logged: { level: number; msg: string; topic?: string; partition?: number; offset?: string }[] = [];
  const logger = pino(
    { name: 'stalled-partition', level: 'info' },
    new Writable({
      write(chunk, _encoding, done) {
        for (const line of String(chunk).split('\n').filter(Boolean)) logged.push(JSON.parse(line));
        done();
      },
    }),
  );
  const applied: string[] = [];
  let release: () => void = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  const { topic, producer, consumer } = oneTopicConsumer(
    'stalled-partition',
    Marker,
    async (event) => {
      if (event.id === 'hangs') await released;
      applied.push(event.id);
      return { status: 'applied' };
    },
    { stallAfterMs: 1_500, logger },
  );

  it('is reported with its topic, partition and offset, and cleared once it moves', {
    timeout: 60_000,
  }, async () => {
    await producer().send({
      topic,
      messages: [
        { key: 'k', value: JSON.stringify({ id: 'first' }) },
        { key: 'k', value: JSON.stringify({ id: 'hangs' }) },
      ],
    });
    // A chunk is one transaction: 'first' waits with 'hangs', so the stall starts at offset 0.
    await waitFor(() => consumer().stalls().length > 0, {
      timeoutMs: 20_000,
      what: 'the stall to be reported',
    });
    expect(consumer().stalls()).toEqual([
      { topic, partition: 0, offset: '0', stalledForMs: expect.any(Number) },
    ]);
    expect(consumer().stalls()[0]!.stalledForMs).toBeGreaterThanOrEqual(1_500);
    await waitFor(() => logged.some((line) => line.msg === 'consumer makes no progress on a partition'), {
      what: 'the warning',
    });
    expect(logged.filter((line) => line.msg === 'consumer makes no progress on a partition')).toEqual([
      expect.objectContaining({ level: 40, topic, partition: 0, offset: '0' }),
    ]);
    // The handler saw 'first' (its transaction waits for 'hangs'), so nothing was committed.
    expect(applied).toEqual(['first']);

    release();
    await waitFor(() => applied.includes('hangs'), { what: 'the held event' });
    await waitFor(() => consumer().stalls().length === 0, { what: 'the stall to clear' });
    expect(logged.some((line) => line.msg === 'consumer makes progress on the partition again')).toBe(true);
    expect(applied).toEqual(['first', 'hangs']);
  });
});
