import { dlqTopic } from '@dunning/contracts';
import type { IHeaders, KafkaMessage, Producer } from 'kafkajs';

export interface DeadLetter {
  message: KafkaMessage;
  reason: string;
}

/** Sends rejected messages, unchanged, to `<topic>.dlq` with why and where they came from. */
export async function sendToDeadLetterTopic(
  producer: Producer,
  source: { topic: string; partition: number; consumer: string },
  letters: DeadLetter[],
): Promise<void> {
  if (letters.length === 0) return;
  const at = new Date().toISOString();
  await producer.send({
    topic: dlqTopic(source.topic),
    messages: letters.map(({ message, reason }) => {
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
    }),
  });
}
