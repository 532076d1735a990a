import { findUnstorableText, type UnstorableText } from '@dunning/contracts';
import type { KafkaMessage } from 'kafkajs';
import type { z } from 'zod';

export type Decoded<E> = { message: KafkaMessage; event: E } | { message: KafkaMessage; reason: string };

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 20)
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
}

function describePaths(found: UnstorableText[]): string {
  return found.map(({ path, message }) => `${path.join('.') || '(root)'}: ${message}`).join('; ');
}

/** Parses a message against the topic's contract; a failure carries the reason for the DLQ. */
export function decodeMessage<E>(message: KafkaMessage, schema: z.ZodType<E>): Decoded<E> {
  if (!message.value || message.value.length === 0) return { message, reason: 'empty message' };
  let json: unknown;
  try {
    json = JSON.parse(message.value.toString('utf8'));
  } catch (error) {
    // JSON.parse quotes a piece of the input, which may be personal data: keep only where it failed.
    const position = /at position (\d+)/.exec((error as Error).message)?.[1];
    return { message, reason: position ? `invalid JSON at position ${position}` : 'invalid JSON' };
  }
  // NUL and lone surrogates would fail in PostgreSQL, where a failure looks transient and is retried forever.
  const unstorable = findUnstorableText(json);
  if (unstorable.length > 0) return { message, reason: `unstorable text: ${describePaths(unstorable)}` };
  const parsed = schema.safeParse(json);
  if (!parsed.success) return { message, reason: `schema: ${describeIssues(parsed.error)}` };
  return { message, event: parsed.data };
}
