import type { KafkaMessage } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { decodeMessage } from '../src/consumer/decode.ts';

const message = (value: string) => ({ value: Buffer.from(value), offset: '0' }) as KafkaMessage;
const schema = z.object({ email: z.email() });

describe('decodeMessage', () => {
  // The reason is logged and sent as a DLQ header; JSON.parse's own message quotes the input.
  it('says where a message is not JSON without quoting any of it', () => {
    const reasons = [
      '{"name": Juergen Holzapfel, "email": "jh@private-mail.example"}',
      '{"name": "Juergen Holzapfel" "email": "jh@private-mail.example"}',
      '{"name": "Juergen',
    ].map((value) => (decodeMessage(message(value), schema) as { reason: string }).reason);
    expect(reasons).toEqual(['invalid JSON', 'invalid JSON at position 29', 'invalid JSON at position 17']);
  });

  it('names the failing field of a schema violation, not its value', () => {
    const decoded = decodeMessage(message('{"email": "Juergen at home"}'), schema) as { reason: string };
    expect(decoded.reason).toMatch(/^schema: email: /);
    expect(decoded.reason).not.toContain('Juergen');
  });
});
