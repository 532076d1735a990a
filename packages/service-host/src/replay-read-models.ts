import {
  claimEventIds,
  type EventHandler,
  type KafkaClient,
  type Reader,
  RejectedEventError,
} from '@dunning/kafka';
import { withSavepoint } from '@dunning/pg';
import type pg from 'pg';
import type { Logger } from 'pino';
import type { z } from 'zod';
import { lockAndEmptyTables } from './replay.queries.ts';

/** One live consumer whose handler writes read-model tables only, and the topic it reads. */
export interface ReadModelSource<E extends { id: string }> {
  /** The live consumer group (also the name its processed events are recorded under). */
  groupId: string;
  topic: string;
  schema: z.ZodType<E>;
  handle: EventHandler<E>;
}

export interface ReplayOptions {
  service: string;
  kafka: KafkaClient;
  pool: pg.Pool;
  logger: Logger;
  /** Emptied and rebuilt (children before parents). */
  tables: string[];
  // biome-ignore lint/suspicious/noExplicitAny: sources of different event types side by side
  sources: ReadModelSource<any>[];
  /** The replay's own consumer group, unique per run. */
  replayGroupId: string;
  /** Gives up (and changes nothing) after this long. */
  timeoutMs?: number;
  progress?: (summary: ReplaySummary) => void;
}

export interface ReplaySummary {
  /** Messages read up to the high watermarks, per topic. */
  perTopic: Record<string, number>;
  events: number;
  applied: number;
  /** The handler's no-ops and repeated event ids. */
  skipped: number;
  /** Not valid JSON or not the contract (the live consumer dead-lettered them too). */
  invalid: number;
  rejected: number;
  durationMs: number;
}

/** The replay would be wrong or unsafe; nothing was changed. */
export class ReplayRefusedError extends Error {}

/**
 * Rebuilds read models from the beginning of their topics up to the high watermarks taken at the start,
 * with the live handlers, in one PostgreSQL transaction: readers see the old tables until the commit,
 * and a failure leaves them as they were. Refused while a live consumer of these groups runs (it would
 * write into the tables being rebuilt), and when the topics no longer hold their first events.
 */
export async function replayReadModels(options: ReplayOptions): Promise<ReplaySummary> {
  const started = performance.now();
  const { kafka, logger, sources } = options;
  const admin = kafka.admin();
  await admin.connect();
  const high = new Map<string, bigint>();
  try {
    const groups = await admin.describeGroups(sources.map((s) => s.groupId));
    const live = groups.filter((group) => group.members.length > 0).map((group) => group.groupId);
    if (live.length > 0) {
      throw new ReplayRefusedError(
        `${options.service} is running (consumer groups with members: ${live.join(', ')}); stop it first`,
      );
    }
    for (const topic of new Set(sources.map((s) => s.topic))) {
      for (const p of await admin.fetchTopicOffsets(topic)) {
        if (BigInt(p.low) > 0n) {
          throw new ReplayRefusedError(
            `${topic} partition ${p.partition} starts at offset ${p.low}: earlier events were deleted (retention), a replay would lose them`,
          );
        }
        if (BigInt(p.high) > 0n) high.set(`${topic}:${p.partition}`, BigInt(p.high));
      }
    }
  } finally {
    await admin.disconnect();
  }

  const summary: ReplaySummary = {
    perTopic: {},
    events: 0,
    applied: 0,
    skipped: 0,
    invalid: 0,
    rejected: 0,
    durationMs: 0,
  };
  const seen = new Map(sources.map((s) => [s.groupId, new Set<string>()]));
  const tx = await options.pool.connect();
  let reader: Reader | undefined;
  try {
    await tx.query('BEGIN');
    // Writers wait (a service started meanwhile blocks, it does not interleave); readers go on.
    await lockAndEmptyTables(tx, options.tables);

    let finish: (error?: unknown) => void = () => {};
    const finished = new Promise<void>((resolve, reject) => {
      finish = (error) => (error ? reject(error) : resolve());
    });
    if (high.size === 0) finish();
    const timer = setTimeout(
      () => finish(new Error(`replay not finished after ${options.timeoutMs} ms`)),
      options.timeoutMs ?? 600_000,
    );
    const ticker = setInterval(() => options.progress?.(summary), 2000);

    reader = await kafka.reader({
      groupId: options.replayGroupId,
      topics: [...new Set(sources.map((s) => s.topic))],
      fromBeginning: true,
      autoCommit: false,
      onBatch: async (batch) => {
        const key = `${batch.topic}:${batch.partition}`;
        const end = high.get(key);
        if (end === undefined) return;
        const messages = batch.messages.filter((m) => BigInt(m.offset) < end);
        for (const source of sources.filter((s) => s.topic === batch.topic)) {
          await applyMessages(
            tx,
            source,
            messages,
            batch.partition,
            seen.get(source.groupId)!,
            summary,
            logger,
          );
        }
        summary.perTopic[batch.topic] = (summary.perTopic[batch.topic] ?? 0) + messages.length;
        summary.events += messages.length;
        if (BigInt(batch.lastOffset) + 1n >= end) {
          high.delete(key);
          if (high.size === 0) finish();
        }
      },
    });
    try {
      await finished;
    } finally {
      clearTimeout(timer);
      clearInterval(ticker);
    }
    await reader.stop();
    await tx.query('COMMIT');
  } catch (error) {
    await tx.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    tx.release();
    await reader?.stop().catch(() => {});
    const cleanup = kafka.admin();
    await cleanup.connect();
    await cleanup.deleteGroups([options.replayGroupId]).catch(() => {});
    await cleanup.disconnect();
  }
  summary.durationMs = Math.round(performance.now() - started);
  return summary;
}

/**
 * Applies one partition's messages in order, each event once (by id). The live group's processed-events
 * record gets every id, so the service, restarted, skips what the rebuilt tables already hold.
 */
async function applyMessages<E extends { id: string }>(
  tx: pg.PoolClient,
  source: ReadModelSource<E>,
  messages: { offset: string; value: Buffer | null }[],
  partition: number,
  seen: Set<string>,
  summary: ReplaySummary,
  logger: Logger,
): Promise<void> {
  const fresh: { event: E; offset: string }[] = [];
  for (const message of messages) {
    const event = decode(message.value, source.schema);
    if (!event) summary.invalid++;
    else if (seen.has(event.id)) summary.skipped++;
    else {
      seen.add(event.id);
      fresh.push({ event, offset: message.offset });
    }
  }
  if (fresh.length === 0) return;
  const context = { topic: source.topic, partition, logger };
  const apply = async (one: { event: E; offset: string }) =>
    (await source.handle(one.event, tx, { ...context, offset: one.offset })).status === 'applied';
  // The whole chunk under one savepoint; if it fails, event by event, so that an event the handler
  // rejects is left out (as the live consumer did) and anything else aborts the replay.
  try {
    const applied = await withSavepoint(tx, 'replay_chunk', async () => {
      let count = 0;
      for (const one of fresh) if (await apply(one)) count++;
      return count;
    });
    summary.applied += applied;
    summary.skipped += fresh.length - applied;
  } catch {
    for (const one of fresh) {
      try {
        if (await withSavepoint(tx, 'replay_event', () => apply(one))) summary.applied++;
        else summary.skipped++;
      } catch (error) {
        if (!(error instanceof RejectedEventError)) throw error;
        summary.rejected++;
      }
    }
  }
  await claimEventIds(
    tx,
    source.groupId,
    fresh.map((f) => f.event.id),
  );
}

function decode<E>(value: Buffer | null, schema: z.ZodType<E>): E | undefined {
  if (!value || value.length === 0) return undefined;
  try {
    const parsed = schema.safeParse(JSON.parse(value.toString('utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
