import { setTimeout as sleep } from 'node:timers/promises';
import { dlqTopic } from '@dunning/contracts';
import type { KafkaAdmin } from './admin.ts';

/** A deployment (or a test run) may prefix every topic so that runs never share one. */
export function topicName(prefix: string, base: string): string {
  return `${prefix}${base}`;
}

/**
 * What one dead letter may weigh: twice the broker's default for ordinary topics, so that a message
 * the source topic took still fits once the DLQ headers (reason, source, consumer) are added.
 */
export const DLQ_MAX_MESSAGE_BYTES = 2 * 1024 * 1024;

/**
 * Creates each topic and its dead-letter topic if missing; existing topics are left as they are.
 * Services start together and create shared topics at the same moment, so losing that race (or a
 * leader not elected yet) is retried until the topics exist. Events are kept forever (not the broker's
 * default retention), so a service's read models can be rebuilt by replaying its topics.
 */
export async function ensureTopics(admin: KafkaAdmin, topics: string[], numPartitions = 3): Promise<void> {
  const wanted = [...new Set(topics.flatMap((topic) => [topic, dlqTopic(topic)]))];
  const deadLetterTopics = new Set<string>(topics.map((topic) => dlqTopic(topic)));
  for (let attempt = 1; ; attempt++) {
    try {
      const existing = new Set(await admin.listTopics());
      const missing = wanted.filter((topic) => !existing.has(topic));
      if (missing.length > 0) {
        await admin.createTopics(
          missing.map((topic) => ({
            topic,
            numPartitions,
            replicationFactor: 1,
            config: {
              'retention.ms': '-1',
              ...(deadLetterTopics.has(topic) ? { 'max.message.bytes': String(DLQ_MAX_MESSAGE_BYTES) } : {}),
            },
          })),
        );
      }
      await admin.fetchTopicMetadata(wanted);
      return;
    } catch (error) {
      if (attempt >= 20) throw error;
      await sleep(Math.min(100 * attempt, 1000));
    }
  }
}
