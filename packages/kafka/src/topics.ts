import { dlqTopic } from '@dunning/contracts';
import type { Admin } from 'kafkajs';

/** A deployment (or a test run) may prefix every topic so that runs never share one. */
export function topicName(prefix: string, base: string): string {
  return `${prefix}${base}`;
}

/** Creates each topic and its dead-letter topic if missing; existing topics are left as they are. */
export async function ensureTopics(admin: Admin, topics: string[], numPartitions = 3): Promise<void> {
  const wanted = topics.flatMap((topic) => [topic, dlqTopic(topic)]);
  const existing = new Set(await admin.listTopics());
  const missing = [...new Set(wanted)].filter((topic) => !existing.has(topic));
  if (missing.length === 0) return;
  await admin.createTopics({
    waitForLeaders: true,
    topics: missing.map((topic) => ({ topic, numPartitions, replicationFactor: 1 })),
  });
}
