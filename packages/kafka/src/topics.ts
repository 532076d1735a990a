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
 * How topics the platform creates are laid out. The defaults suit one broker; a cluster of three
 * takes replication factor 3 and min.insync.replicas 2, so an acknowledged event survives the loss
 * of any one broker and writes go on while one is down.
 */
export interface TopicLayout {
  /** Partitions per topic (3): the most replicas of one service that consume a topic at once. */
  partitions?: number;
  /** Copies of each partition (1); at most the number of brokers. */
  replicationFactor?: number;
  /** Copies that must have a write before it is acknowledged (1); producers send with acks=all. */
  minInsyncReplicas?: number;
}

/**
 * Creates each topic and its dead-letter topic if missing; existing topics are left as they are.
 * Services start together and create shared topics at the same moment, so losing that race (or a
 * leader not elected yet) is retried until the topics exist. Events are kept forever (not the broker's
 * default retention), so a service's read models can be rebuilt by replaying its topics.
 */
export async function ensureTopics(
  admin: KafkaAdmin,
  topics: string[],
  layout: TopicLayout = {},
): Promise<void> {
  const { partitions = 3, replicationFactor = 1, minInsyncReplicas = 1 } = layout;
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
            numPartitions: partitions,
            replicationFactor,
            config: {
              'retention.ms': '-1',
              'min.insync.replicas': String(minInsyncReplicas),
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
