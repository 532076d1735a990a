import { dlqTopic } from '@dunning/contracts';
import type { KafkaMessage } from 'kafkajs';
import type { Headers, Message } from '../messages.ts';
import type { EventProducer } from '../producer.ts';
import { sendInRequests } from '../send-in-requests.ts';

export interface DeadLetter {
  message: KafkaMessage;
  reason: string;
}

/**
 * The kind of a dead letter's reason, a bounded label for metrics: the reason itself can quote
 * the event. `rejected` is a handler's or the database's refusal; the others come from decoding.
 */
export function deadLetterKind(reason: string): string {
  if (reason.startsWith('rejected')) return 'rejected';
  if (reason.startsWith('schema')) return 'schema';
  if (reason.startsWith('invalid JSON')) return 'invalid-json';
  if (reason.startsWith('unstorable text')) return 'unstorable-text';
  if (reason === 'empty message') return 'empty';
  return 'other';
}

/**
 * Sends rejected messages, unchanged, to `<topic>.dlq` with why and where they came from. They go in
 * bounded requests (`sendInRequests`): three invalid 400 KB messages in one chunk would otherwise form
 * one batch the broker refuses, and fail the consumer. A letter larger on its own goes alone; the DLQ
 * topic takes more than its source (`DLQ_MAX_MESSAGE_BYTES`).
 */
export async function sendToDeadLetterTopic(
  producer: EventProducer,
  source: { topic: string; partition: number; consumer: string },
  letters: DeadLetter[],
): Promise<void> {
  if (letters.length === 0) return;
  const at = new Date().toISOString();
  const records = letters.map(({ message, reason }): Message => {
    const headers: Headers = {
      ...message.headers,
      'dlq.reason': reason.slice(0, 4000),
      'dlq.source.topic': source.topic,
      'dlq.source.partition': String(source.partition),
      'dlq.source.offset': message.offset,
      'dlq.consumer': source.consumer,
      'dlq.at': at,
    };
    return { key: message.key, value: message.value, headers };
  });
  await sendInRequests(producer, dlqTopic(source.topic), records);
}
