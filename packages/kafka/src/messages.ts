/** Header values as sent; a reader gets them back as text (`ReceivedMessage.headers`). */
export type Headers = Record<string, string | Buffer | (string | Buffer)[] | undefined>;

/** One record to send. Without a partition it is placed by its key, or by its value when it has none. */
export interface Message {
  key?: string | Buffer | null;
  value: string | Buffer | null;
  headers?: Headers;
  partition?: number;
}

export interface TopicMessages {
  topic: string;
  messages: Message[];
}

/** Where the broker wrote a sent request's records: the first offset per partition. */
export interface SentBatch {
  topic: string;
  partition: number;
  baseOffset?: string;
}

/** One record as a reader receives it. */
export interface ReceivedMessage {
  topic: string;
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  /** Decoded as UTF-8. */
  headers: Record<string, string>;
}
