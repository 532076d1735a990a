import type { Consumer, IHeaders, Kafka, KafkaMessage } from 'kafkajs';
import type { ReceivedMessage } from './messages.ts';

/** The messages of one partition fetched together, in offset order. */
export interface ReceivedBatch {
  topic: string;
  partition: number;
  messages: ReceivedMessage[];
  /** The batch's last offset, also when the broker left records out of `messages` (e.g. aborted ones). */
  lastOffset: string;
}

interface CommonReaderOptions {
  groupId: string;
  topics: string[];
  /** Where a group without committed offsets starts: the beginning of each topic (default) or its end. */
  fromBeginning?: boolean;
  /** Commit the offsets read (default true); a reader that never commits re-reads from its start next time. */
  autoCommit?: boolean;
  maxWaitTimeInMs?: number;
  maxBytesPerPartition?: number;
}

/** A plain consumer-group reader: messages one at a time (`onMessage`) or per partition batch (`onBatch`). */
export type ReaderOptions = CommonReaderOptions &
  (
    | { onMessage: (message: ReceivedMessage) => void | Promise<void>; onBatch?: never }
    | { onBatch: (batch: ReceivedBatch) => void | Promise<void>; onMessage?: never }
  );

export interface Reader {
  /** Leaves the group; resolves once no handler runs any more. Stopping again changes nothing. */
  stop(): Promise<void>;
}

function headerText(value: IHeaders[string]): string | undefined {
  if (value === undefined) return undefined;
  if (Array.isArray(value)) return value.map((one) => one.toString()).join(',');
  return value.toString();
}

export function received(topic: string, partition: number, message: KafkaMessage): ReceivedMessage {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    const text = headerText(value);
    if (text !== undefined) headers[name] = text;
  }
  return { topic, partition, offset: message.offset, key: message.key, value: message.value, headers };
}

/** Subscribes and starts reading; resolves once the consumer runs. */
export async function startReader(kafka: Kafka, options: ReaderOptions): Promise<Reader> {
  const consumer: Consumer = kafka.consumer({
    groupId: options.groupId,
    ...(options.maxWaitTimeInMs === undefined ? {} : { maxWaitTimeInMs: options.maxWaitTimeInMs }),
    ...(options.maxBytesPerPartition === undefined
      ? {}
      : { maxBytesPerPartition: options.maxBytesPerPartition }),
  });
  const { onMessage, onBatch } = options;
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: options.topics, fromBeginning: options.fromBeginning ?? true });
    await consumer.run({
      autoCommit: options.autoCommit ?? true,
      ...(onBatch
        ? {
            eachBatch: async ({ batch }) =>
              onBatch({
                topic: batch.topic,
                partition: batch.partition,
                messages: batch.messages.map((message) => received(batch.topic, batch.partition, message)),
                lastOffset: batch.lastOffset(),
              }),
          }
        : {
            eachMessage: async ({ topic, partition, message }) =>
              onMessage(received(topic, partition, message)),
          }),
    });
  } catch (error) {
    await consumer.disconnect().catch(() => {});
    throw error;
  }
  let stopped: Promise<void> | undefined;
  return {
    stop() {
      stopped ??= consumer.disconnect();
      return stopped;
    },
  };
}
