import type { Kafka, Producer, RecordMetadata } from 'kafkajs';
import type { Message, SentBatch, TopicMessages } from './messages.ts';
import { keyOrValuePartitioner } from './partitioner.ts';

/**
 * What the services ask of a producer. `acks` defaults to -1 (all in-sync replicas), the only value
 * an idempotent producer takes.
 */
export interface EventProducer {
  send(record: { topic: string; messages: Message[]; acks?: number }): Promise<SentBatch[]>;
  sendBatch(batch: { topicMessages: TopicMessages[]; acks?: number }): Promise<SentBatch[]>;
  disconnect(): Promise<void>;
}

const sent = (written: RecordMetadata[]): SentBatch[] =>
  written.map(({ topicName, partition, baseOffset }) => ({
    topic: topicName,
    partition,
    ...(baseOffset === undefined ? {} : { baseOffset }),
  }));

/**
 * acks=all with idempotence: a retried send is never written twice, and one key's messages
 * keep their order. Keys are customer ids, so one customer's events stay ordered.
 *
 * After a failed send the producer is replaced by a new one, with a new producer id. kafkajs rolls
 * back the sequence numbers of every partition in a failed request, also of those the broker wrote
 * (a broker restart answers a request in part). The next batch for such a partition then reuses a
 * written sequence range; if its count matches, the broker takes it for a retry, acknowledges it,
 * and writes nothing. A new producer id starts every sequence from zero.
 */
export async function createIdempotentProducer(kafka: Kafka): Promise<EventProducer> {
  const producer = new RenewingProducer(
    () =>
      kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        createPartitioner: keyOrValuePartitioner,
      }),
    (error) =>
      kafka.logger().warn('a send failed; the next one goes through a new producer id', {
        error: error instanceof Error ? error.message : String(error),
      }),
  );
  await producer.connect();
  return producer;
}

class RenewingProducer implements EventProducer {
  readonly #create: () => Producer;
  readonly #onRenew: (error: unknown) => void;
  #current: Promise<Producer> | undefined;
  #closed = false;

  constructor(create: () => Producer, onRenew: (error: unknown) => void) {
    this.#create = create;
    this.#onRenew = onRenew;
  }

  async connect(): Promise<void> {
    await this.#producer();
  }

  send: EventProducer['send'] = (record) => this.#use(async (producer) => sent(await producer.send(record)));

  sendBatch: EventProducer['sendBatch'] = (batch) =>
    this.#use(async (producer) => sent(await producer.sendBatch(batch)));

  async disconnect(): Promise<void> {
    this.#closed = true;
    const current = this.#current;
    this.#current = undefined;
    const producer = await current?.catch(() => undefined);
    await producer?.disconnect();
  }

  #producer(): Promise<Producer> {
    if (this.#closed) return Promise.reject(new Error('the producer is disconnected'));
    if (!this.#current) {
      const producer = this.#create();
      const connecting = producer.connect().then(() => producer);
      this.#current = connecting;
      connecting.catch(() => this.#discard(connecting, producer));
    }
    return this.#current;
  }

  async #use<T>(send: (producer: Producer) => Promise<T>): Promise<T> {
    const current = this.#producer();
    const producer = await current;
    try {
      return await send(producer);
    } catch (error) {
      if (this.#discard(current, producer)) this.#onRenew(error);
      throw error;
    }
  }

  /** Replaced once per failure: sends that fail together on one producer renew it once. */
  #discard(current: Promise<Producer>, producer: Producer): boolean {
    if (this.#current !== current) return false;
    this.#current = undefined;
    producer.disconnect().catch(() => {});
    return true;
  }
}
