import { type TraceFields, traceContextOf } from '@dunning/contracts';
import type { EventProducer, TopicMessages } from '@dunning/kafka';
import { assertSchemaName, type Listener, listen, withTransaction } from '@dunning/pg';
import { failSpan, SpanKind, type Tracer } from '@dunning/tracing';
import type { Span } from '@opentelemetry/api';
import type pg from 'pg';
import type { Logger } from 'pino';
import { deleteOutboxRows, type OutboxRow, outboxChannel, takeOutboxBatch } from './outbox.queries.ts';

export interface OutboxRelayOptions {
  pool: pg.Pool;
  /** The service's schema: its outbox table and its wake-up channel. */
  schema: string;
  /** Used for the LISTEN connection, which must not come from the pool. */
  connectionString: string;
  producer: EventProducer;
  logger: Logger;
  batchSize?: number;
  /** Polling is the fallback for a lost notification or LISTEN connection. */
  pollIntervalMs?: number;
  /** With tracing on: a publish span per message, child of its event's traceparent. */
  tracer?: Tracer | undefined;
}

function toTopicMessages(rows: OutboxRow[]): TopicMessages[] {
  const byTopic = new Map<string, TopicMessages>();
  for (const row of rows) {
    let entry = byTopic.get(row.topic);
    if (!entry) {
      entry = { topic: row.topic, messages: [] };
      byTopic.set(row.topic, entry);
    }
    const { traceparent, tracestate } = row.event as TraceFields;
    entry.messages.push({
      key: row.message_key,
      value: JSON.stringify(row.event),
      // The envelope's trace context also as headers, for tools that read Kafka headers only.
      headers: {
        'content-type': 'application/cloudevents+json',
        ...(typeof traceparent === 'string' ? { traceparent } : {}),
        ...(typeof tracestate === 'string' ? { tracestate } : {}),
      },
    });
  }
  return [...byTopic.values()];
}

/**
 * Publishes outbox rows to Kafka in commit order and deletes them once acknowledged (at least
 * once: a crash between the two re-sends, and consumers drop the repeat by event id). Woken by
 * NOTIFY on commit, with polling as the fallback.
 */
export class OutboxRelay {
  readonly #options: Required<Omit<OutboxRelayOptions, 'logger' | 'tracer'>> & {
    logger: Logger;
    tracer?: Tracer | undefined;
  };
  #listener: Listener | undefined;
  #running = false;
  #loop: Promise<void> | undefined;
  #wake: (() => void) | undefined;
  #wakePending = false;

  constructor(options: OutboxRelayOptions) {
    assertSchemaName(options.schema);
    this.#options = {
      batchSize: 500,
      pollIntervalMs: 1000,
      ...options,
      logger: options.logger.child({ component: 'outbox-relay' }),
    };
  }

  async start(): Promise<void> {
    this.#running = true;
    // Notifications sent while the LISTEN connection was down are lost: each (re)connection wakes
    // the relay to look, and polling covers the time in between.
    this.#listener = await listen(
      this.#options.connectionString,
      outboxChannel(this.#options.schema),
      () => this.#wakeUp(),
      { onListening: () => this.#wakeUp(), logger: this.#options.logger },
    );
    this.#loop = this.#run();
  }

  async stop(): Promise<void> {
    this.#running = false;
    this.#wakeUp();
    await this.#loop;
    await this.#listener?.stop();
  }

  /** Publishes one batch; returns how many messages went out (0 if another relay holds the lock). */
  async publishBatch(): Promise<number> {
    const { pool, schema, batchSize, producer } = this.#options;
    return withTransaction(pool, async (tx) => {
      const rows = await takeOutboxBatch(tx, schema, batchSize);
      if (!rows || rows.length === 0) return 0;
      const spans = this.#startPublishSpans(rows);
      try {
        await producer.sendBatch({ topicMessages: toTopicMessages(rows), acks: -1 });
      } catch (error) {
        for (const span of spans) failSpan(span, error);
        throw error;
      } finally {
        for (const span of spans) span.end();
      }
      await deleteOutboxRows(
        tx,
        rows.map((row) => row.id),
      );
      return rows.length;
    });
  }

  #startPublishSpans(rows: OutboxRow[]): Span[] {
    const tracer = this.#options.tracer;
    if (!tracer) return [];
    return rows.map((row) => {
      const event = row.event as TraceFields & { id?: string; type?: string; subject?: string };
      return tracer.startSpan(
        `send ${row.topic}`,
        {
          kind: SpanKind.PRODUCER,
          attributes: {
            'messaging.system': 'kafka',
            'messaging.operation.type': 'send',
            'messaging.destination.name': row.topic,
            'messaging.message.id': String(event.id),
            'cloudevents.event_type': String(event.type),
            ...(event.subject ? { 'cloudevents.event_subject': event.subject } : {}),
          },
        },
        traceContextOf(event),
      );
    });
  }

  async #run(): Promise<void> {
    let failures = 0;
    while (this.#running) {
      try {
        const published = await this.publishBatch();
        failures = 0;
        if (published === this.#options.batchSize) continue;
        await this.#sleep(this.#options.pollIntervalMs);
      } catch (error) {
        failures++;
        this.#options.logger.warn({ err: error, failures }, 'publishing the outbox failed; will retry');
        await this.#sleep(Math.min(100 * 2 ** failures, 10_000));
      }
    }
  }

  #sleep(ms: number): Promise<void> {
    if (this.#wakePending || !this.#running) {
      this.#wakePending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.#wake?.(), ms);
      this.#wake = () => {
        clearTimeout(timer);
        this.#wake = undefined;
        resolve();
      };
    });
  }

  #wakeUp(): void {
    if (this.#wake) this.#wake();
    else this.#wakePending = true;
  }
}
