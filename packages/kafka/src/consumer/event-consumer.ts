import { withTransaction } from '@dunning/pg';
import { type Tracer, withinTraceOf } from '@dunning/tracing';
import type { Consumer, EachBatchPayload, KafkaMessage } from 'kafkajs';
import type pg from 'pg';
import type { Logger } from 'pino';
import type { z } from 'zod';
import { type KafkaClient, libraryClient } from '../kafka-client.ts';
import type { EventProducer } from '../producer.ts';
import { databaseRefusal } from './database-refusal.ts';
import { type DeadLetter, deadLetterKind, sendToDeadLetterTopic } from './dead-letters.ts';
import { type Decoded, decodeMessage } from './decode.ts';
import { startEventSpans } from './event-spans.ts';
import type { ChunkContext, ChunkHandler, EventHandler } from './handler.ts';
import { PartitionProgress, type PartitionStall } from './partition-progress.ts';
import { claimEventIds } from './processed-events.queries.ts';
import { RejectedEventError } from './rejected-event-error.ts';

interface CommonOptions<E> {
  kafka: KafkaClient;
  pool: pg.Pool;
  /** Used for dead letters. */
  producer: EventProducer;
  logger: Logger;
  /** Consumer group id, and the name its processed events are recorded under. */
  name: string;
  /** The contract of each subscribed topic (full, prefixed topic names). */
  topics: Record<string, z.ZodType<E>>;
  /** Events applied in one transaction. */
  maxChunkSize?: number;
  /**
   * Partitions applied at the same time, each chunk in its own transaction (default 1): one
   * partition's chunk is in PostgreSQL while the next is being prepared. Events with one key share a
   * partition, so concurrent chunks never hold one customer's events.
   */
  partitionsConsumedConcurrently?: number;
  retry?: { initialMs: number; maxMs: number };
  /** How long a replica that stopped heartbeating keeps its partitions (default 10 s). */
  sessionTimeoutMs?: number;
  /**
   * How long fetched events may wait without the committed offset moving before the partition is
   * reported as stalled (a warning in the log, and `stalls()`); default 60 s.
   */
  stallAfterMs?: number;
  /**
   * Called around each transaction that applies a chunk: lets a service gather what its handlers
   * produce and write it once, before the commit (e.g. one outbox insert per chunk).
   */
  transaction?: { begin(tx: pg.PoolClient): void; beforeCommit(tx: pg.PoolClient): Promise<void> };
  /** With tracing on: a consume span per event, child of the event's traceparent (`startEventSpans`). */
  tracer?: Tracer | undefined;
  /** Told about each committed chunk and each dead letter, for the service's metrics. */
  metrics?: ConsumerMetrics;
  /**
   * What becomes of a message that does not parse against the contract: `dead-letter` (default), or
   * `skip` for a group that reads a few types of a topic another group owns, so each bad message is
   * dead-lettered once, by the owner. The group's own rejections are dead-lettered either way.
   */
  invalidMessages?: 'dead-letter' | 'skip';
}

/** What the consumer reports for metrics; the service host turns it into Prometheus series. */
export interface ConsumerMetrics {
  /** A chunk committed: how long it took and the Kafka timestamps (ms) of its messages. */
  chunkCommitted(topic: string, seconds: number, messageTimestampsMs: number[]): void;
  /** A message sent to the DLQ, with the kind of reason (`deadLetterKind`). */
  deadLettered(topic: string, kind: string): void;
}

/** Events are applied one at a time (`handle`) or a chunk at a time, set-based (`handleChunk`). */
export type EventConsumerOptions<E extends { id: string }> = CommonOptions<E> &
  ({ handle: EventHandler<E>; handleChunk?: never } | { handleChunk: ChunkHandler<E>; handle?: never });

export interface EventConsumer {
  /** Resolves once the consumer has joined its group and been given partitions. */
  ready: Promise<void>;
  /** Partitions of this replica whose waiting events have not been committed for `stallAfterMs`. */
  stalls(): PartitionStall[];
  stop(): Promise<void>;
}

type Valid<E> = { message: KafkaMessage; event: E };

/**
 * A chunk that stalls for good (a hung connection) must still lose its partitions, so the heartbeat
 * stops after this long and the session then times out.
 */
const CHUNK_HEARTBEAT_LIMIT_MS = 5 * 60_000;

/** Heartbeats while `work` runs, up to `CHUNK_HEARTBEAT_LIMIT_MS`. */
async function whileHeartbeating<T>(
  payload: EachBatchPayload,
  everyMs: number,
  work: () => Promise<T>,
): Promise<T> {
  const started = Date.now();
  const timer = setInterval(() => {
    if (Date.now() - started > CHUNK_HEARTBEAT_LIMIT_MS) clearInterval(timer);
    // A rebalance reported here is reported again by the heartbeat after the chunk, which rejoins.
    else payload.heartbeat().catch(() => {});
  }, everyMs);
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}

/** A per-event handler applied to a chunk: each event in order, with its own offset. */
function chunkOf<E extends object>(
  handle: EventHandler<E>,
  offsets: Map<E, string>,
  traced: boolean,
): ChunkHandler<E> {
  return async (events, tx, context) => {
    const outcomes = [];
    for (const event of events) {
      const eventContext = { ...context, offset: offsets.get(event) ?? '' };
      // The event's consume span is active while it is handled: what it publishes joins its trace.
      outcomes.push(
        await (traced
          ? withinTraceOf(event, () => handle(event, tx, eventContext))
          : handle(event, tx, eventContext)),
      );
    }
    return outcomes;
  };
}

/**
 * Runs a consumer group whose handler's effects and the processed-event record commit in one
 * PostgreSQL transaction, so redelivery never applies an event twice. A chunk of events is applied
 * in one transaction for throughput; if that fails, the chunk is split in halves, applied in order,
 * down to the single event at fault, so that a rejected event goes to the DLQ alone while the rest
 * commits. Transient failures are retried with backoff, without moving the offset, until they
 * succeed or the consumer stops; a database error that no retry can cure (`databaseRefusal`) sends
 * the event to the DLQ instead.
 */
const FETCH_MAX_WAIT_MS = 1_000;

export async function startEventConsumer<E extends { id: string }>(
  options: EventConsumerOptions<E>,
): Promise<EventConsumer> {
  const { kafka, pool, producer, name } = options;
  const logger = options.logger.child({ consumer: name });
  const maxChunkSize = options.maxChunkSize ?? 500;
  const retry = options.retry ?? { initialMs: 200, maxMs: 10_000 };
  // A replica that dies without leaving its group holds its partitions until the session times out:
  // 10 s (kafkajs: 30 s) bounds that stall. A chunk that takes longer (an overloaded host) heartbeats
  // while it is applied (`whileHeartbeating`), so its replica is not dropped from the group.
  const sessionTimeout = options.sessionTimeoutMs ?? 10_000;
  const heartbeatInterval = Math.min(1_000, Math.floor(sessionTimeout / 3));
  const consumer: Consumer = libraryClient(kafka).consumer({
    groupId: name,
    allowAutoTopicCreation: false,
    sessionTimeout,
    heartbeatInterval,
    // A fetch returns as soon as a message is there; the wait only bounds an idle long poll. Stopping
    // waits out the fetch in flight, so 1 s (kafkajs: 5 s) is what a shutdown or rebalance costs here.
    maxWaitTimeInMs: FETCH_MAX_WAIT_MS,
  });

  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });
  const progress = new PartitionProgress({ stallAfterMs: options.stallAfterMs ?? 60_000, logger });
  consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
    progress.assigned(payload.memberAssignment);
    markReady();
  });

  async function applyInOneTransaction(
    valid: Valid<E>[],
    context: ChunkContext,
    handleChunk: ChunkHandler<E>,
  ): Promise<void> {
    await withTransaction(pool, async (tx) => {
      options.transaction?.begin(tx);
      const fresh = await claimEventIds(
        tx,
        name,
        valid.map((v) => v.event.id),
      );
      // Seen before, or twice in this chunk: applied once.
      const events = valid.filter((v) => fresh.delete(v.event.id)).map((v) => v.event);
      if (events.length > 0) {
        const outcomes = await handleChunk(events, tx, context);
        outcomes.forEach((outcome, index) => {
          if (outcome.status === 'skipped') {
            context.logger.debug({ eventId: events[index]?.id, reason: outcome.reason }, 'event skipped');
          }
        });
      }
      await options.transaction?.beforeCommit(tx);
    });
  }

  async function withRetries(work: () => Promise<void>, payload: EachBatchPayload): Promise<void> {
    for (let attempt = 1, delay = retry.initialMs; ; attempt++, delay = Math.min(delay * 2, retry.maxMs)) {
      try {
        return await work();
      } catch (error) {
        if (error instanceof RejectedEventError) throw error;
        const refusal = databaseRefusal(error);
        if (refusal !== undefined) throw new RejectedEventError(refusal);
        if (!payload.isRunning() || payload.isStale()) throw error;
        logger.warn({ err: error, attempt, retryInMs: delay }, 'applying events failed; retrying');
        await new Promise((resolve) => setTimeout(resolve, delay));
        await payload.heartbeat();
      }
    }
  }

  /**
   * Applies the events in order, returning those rejected. A part that fails is split in two (first
   * half first, so order holds) until the event at fault stands alone: one bad event among n costs
   * about 2·log2(n) transactions, not n.
   */
  async function applyInParts(
    valid: Valid<E>[],
    context: ChunkContext,
    handleChunk: ChunkHandler<E>,
    payload: EachBatchPayload,
  ): Promise<DeadLetter[]> {
    if (valid.length === 1) {
      const one = valid[0] as Valid<E>;
      try {
        await withRetries(() => applyInOneTransaction([one], context, handleChunk), payload);
        return [];
      } catch (error) {
        if (!(error instanceof RejectedEventError)) throw error;
        return [{ message: one.message, reason: `rejected: ${error.message}` }];
      }
    }
    try {
      await applyInOneTransaction(valid, context, handleChunk);
      return [];
    } catch {
      // Split to isolate what failed.
    }
    const half = Math.ceil(valid.length / 2);
    const rejected = await applyInParts(valid.slice(0, half), context, handleChunk, payload);
    return [...rejected, ...(await applyInParts(valid.slice(half), context, handleChunk, payload))];
  }

  async function applyChunk(valid: Valid<E>[], payload: EachBatchPayload): Promise<DeadLetter[]> {
    if (valid.length === 0) return [];
    const context = { topic: payload.batch.topic, partition: payload.batch.partition, logger };
    const handleChunk = options.handleChunk
      ? options.handleChunk
      : chunkOf(
          options.handle,
          new Map(valid.map((v) => [v.event, v.message.offset])),
          options.tracer !== undefined,
        );
    if (!options.tracer) return applyInParts(valid, context, handleChunk, payload);
    const spans = startEventSpans(options.tracer, valid, { ...context, group: name });
    let rejected: DeadLetter[] = [];
    try {
      rejected = await applyInParts(valid, context, handleChunk, payload);
      return rejected;
    } finally {
      spans.end(rejected.map((letter) => letter.message));
    }
  }

  async function eachBatch(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    const schema = options.topics[batch.topic];
    if (!schema) throw new Error(`no contract for topic ${batch.topic}`);
    if (batch.messages.length === 0) return;
    progress.fetched(batch.topic, batch.partition, batch.messages[0]!.offset);
    for (let start = 0; start < batch.messages.length; start += maxChunkSize) {
      if (!payload.isRunning() || payload.isStale()) return;
      const chunk = batch.messages.slice(start, start + maxChunkSize);
      const chunkStarted = performance.now();
      const decoded: Decoded<E>[] = chunk.map((message) => decodeMessage(message, schema));
      const valid = decoded.filter((d): d is Valid<E> => 'event' in d);
      const invalid =
        options.invalidMessages === 'skip' ? [] : decoded.filter((d): d is DeadLetter => 'reason' in d);
      const rejected = await whileHeartbeating(payload, heartbeatInterval, () => applyChunk(valid, payload));
      const letters = [...invalid, ...rejected];
      if (letters.length > 0) {
        logger.warn(
          { topic: batch.topic, count: letters.length, reason: letters[0]!.reason },
          'dead-lettered',
        );
        await sendToDeadLetterTopic(
          producer,
          { topic: batch.topic, partition: batch.partition, consumer: name },
          letters,
        );
        for (const letter of letters)
          options.metrics?.deadLettered(batch.topic, deadLetterKind(letter.reason));
      }
      const last = chunk[chunk.length - 1]!.offset;
      payload.resolveOffset(last);
      await payload.commitOffsetsIfNecessary();
      options.metrics?.chunkCommitted(
        batch.topic,
        (performance.now() - chunkStarted) / 1000,
        chunk.map((message) => Number(message.timestamp)),
      );
      const next = BigInt(last) + 1n;
      const more = start + maxChunkSize < batch.messages.length || BigInt(batch.highWatermark) > next;
      progress.committed(batch.topic, batch.partition, String(next), more);
      await payload.heartbeat();
    }
  }

  await consumer.connect();
  await consumer.subscribe({ topics: Object.keys(options.topics), fromBeginning: true });
  await consumer.run({
    eachBatchAutoResolve: false,
    partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? 1,
    eachBatch,
  });
  progress.start();
  return {
    ready,
    stalls: () => progress.stalls(),
    async stop() {
      progress.stop();
      await consumer.disconnect();
    },
  };
}
