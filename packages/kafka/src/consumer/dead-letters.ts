import { dlqTopic } from '@dunning/contracts';
import type { IHeaders, KafkaMessage, Message, Producer } from 'kafkajs';

export interface DeadLetter {
  message: KafkaMessage;
  reason: string;
}

/**
 * Letters sent in one request share a record batch per partition, and the broker refuses a batch
 * above the topic's `max.message.bytes` (1 MB by default) however small each letter is: three invalid
 * 400 KB messages in one chunk would fail the send, and with it the consumer. Requests are therefore
 * kept to this many bytes; a letter larger on its own goes alone (the DLQ topic takes more, see
 * `DLQ_MAX_MESSAGE_BYTES`).
 */
export const DEAD_LETTER_SEND_BYTES = 512 * 1024;

function sizeOf(record: Message): number {
  let size = (record.value?.length ?? 0) + (record.key?.length ?? 0);
  for (const [name, value] of Object.entries(record.headers ?? {}))
    size += name.length + String(value ?? '').length;
  return size;
}

/** Sends rejected messages, unchanged, to `<topic>.dlq` with why and where they came from. */
export async function sendToDeadLetterTopic(
  producer: Producer,
  source: { topic: string; partition: number; consumer: string },
  letters: DeadLetter[],
): Promise<void> {
  if (letters.length === 0) return;
  const at = new Date().toISOString();
  const records = letters.map(({ message, reason }): Message => {
    const headers: IHeaders = {
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
  let group: Message[] = [];
  let bytes = 0;
  for (const record of records) {
    const size = sizeOf(record);
    if (group.length > 0 && bytes + size > DEAD_LETTER_SEND_BYTES) {
      await producer.send({ topic: dlqTopic(source.topic), messages: group });
      group = [];
      bytes = 0;
    }
    group.push(record);
    bytes += size;
  }
  await producer.send({ topic: dlqTopic(source.topic), messages: group });
}
