import type { KafkaClient } from '@dunning/kafka';

/** One message of a topic as the platform published it. */
export interface TopicRecord {
  partition: number;
  offset: number;
  event: { id: string; type: string; time: string; data: Record<string, unknown> };
}

/**
 * Every message of `topic` from the start up to the end it has now, in partition order. A fresh group
 * each time, so nothing is skipped; each partition is read up to the high watermark taken first.
 */
export async function readTopic(kafka: KafkaClient, topic: string): Promise<TopicRecord[]> {
  const admin = kafka.admin();
  await admin.connect();
  const ends = new Map(
    (await admin.fetchTopicOffsets(topic)).map(({ partition, high }) => [partition, Number(high)]),
  );
  await admin.disconnect();
  const records: TopicRecord[] = [];
  const waiting = new Set([...ends].filter(([, high]) => high > 0).map(([partition]) => partition));
  if (waiting.size === 0) return records;
  let readAll: () => void = () => {};
  const done = new Promise<void>((resolve) => {
    readAll = resolve;
  });
  const reader = await kafka.reader({
    groupId: `fault-suite-reader-${Date.now()}-${Math.random()}`,
    topics: [topic],
    onMessage: ({ partition, offset: at, value }) => {
      const offset = Number(at);
      if (offset < ends.get(partition)!) {
        records.push({ partition, offset, event: JSON.parse(value!.toString()) });
      }
      if (offset >= ends.get(partition)! - 1) {
        waiting.delete(partition);
        if (waiting.size === 0) readAll();
      }
    },
  });
  await done;
  await reader.stop();
  return records.sort((a, b) => a.partition - b.partition || a.offset - b.offset);
}
