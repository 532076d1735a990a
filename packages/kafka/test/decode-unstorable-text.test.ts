import type { KafkaMessage } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { decodeMessage } from '../src/consumer/decode.ts';

const message = (value: string) => ({ value: Buffer.from(value), offset: '0' }) as KafkaMessage;
const schema = z.object({ id: z.string(), data: z.object({ name: z.string() }) });

// Found by fuzzing erp.events.v1: an otherwise valid event with "\u0000" in a name failed in
// PostgreSQL, looked transient, and was retried forever while the partition stalled behind it.
describe('decodeMessage and text PostgreSQL cannot store', () => {
  it.each([
    ['{"id":"e-1","data":{"name":"Acme\\u0000"}}', 'data.name'],
    ['{"id":"e-1\\ud800","data":{"name":"Acme"}}', 'id'],
    ['{"id":"e-1","data":{"name":"Acme","x\\u0000":1}}', 'data'],
  ])('dead-letters %s naming %s', (value, path) => {
    const decoded = decodeMessage(message(value), schema) as { reason?: string };
    expect(decoded.reason).toMatch(new RegExp(`^unstorable text: ${path.replace('.', '\\.')}: `));
  });

  it('lets well-formed text through, escapes and all', () => {
    const decoded = decodeMessage(
      message('{"id":"e-1","data":{"name":"\\\\u0000 😀 \\ud83d\\ude00"}}'),
      schema,
    );
    expect(decoded).toMatchObject({ event: { data: { name: '\\u0000 😀 😀' } } });
  });
});
