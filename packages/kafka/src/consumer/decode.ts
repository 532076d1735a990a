import type { KafkaMessage } from 'kafkajs';
import type { z } from 'zod';

export type Decoded<E> = { message: KafkaMessage; event: E } | { message: KafkaMessage; reason: string };

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 20)
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
}

/** Parses a message against the topic's contract; a failure carries the reason for the DLQ. */
export function decodeMessage<E>(message: KafkaMessage, schema: z.ZodType<E>): Decoded<E> {
  if (!message.value || message.value.length === 0) return { message, reason: 'empty message' };
  let json: unknown;
  try {
    json = JSON.parse(message.value.toString('utf8'));
  } catch (error) {
    return { message, reason: `invalid JSON: ${(error as Error).message}` };
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) return { message, reason: `schema: ${describeIssues(parsed.error)}` };
  return { message, event: parsed.data };
}
