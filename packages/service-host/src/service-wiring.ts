import { type ChunkHandler, type EventConsumer, type EventHandler, topicName } from '@dunning/kafka';
import type pg from 'pg';
import type { z } from 'zod';
import type { PeriodicJob, RunningPeriodicJob } from './periodic-job.ts';
import type { ReadModelSource } from './replay-read-models.ts';

/**
 * A consumer group's id: `<topic prefix><service>.<group>`. The one rule, also used by whatever must
 * name a service's group from outside it (replay commands, test harnesses, benchmarks).
 */
export function consumerGroupId(prefix: string, service: string, group: string): string {
  return `${prefix}${service}.${group}`;
}

interface ConsumerCommon<E> {
  /** The group's short name; its id is `consumerGroupId(prefix, service, group)`. */
  group: string;
  /** The topic's base name (`Topics.*`); the host adds the prefix. */
  topic: string;
  contract: z.ZodType<E>;
  /** See `EventConsumerOptions.partitionsConsumedConcurrently` (default 1). */
  partitionsConsumedConcurrently?: number;
  /** See `EventConsumerOptions.invalidMessages` (default `dead-letter`). */
  invalidMessages?: 'dead-letter' | 'skip';
  /** See `EventConsumerOptions.transaction`. */
  transaction?: { begin(tx: pg.PoolClient): void; beforeCommit(tx: pg.PoolClient): Promise<void> };
}

/** A consumer group the service runs: one topic, its contract, and a handler for events or chunks. */
export type ConsumerDeclaration<E extends { id: string } = { id: string }> = ConsumerCommon<E> &
  ({ handle: EventHandler<E>; handleChunk?: never } | { handleChunk: ChunkHandler<E>; handle?: never });

/** Declares a consumer, checking that the handler takes the contract's events. */
export function consumer<E extends { id: string }>(declaration: ConsumerDeclaration<E>): ConsumerDeclaration {
  return declaration as unknown as ConsumerDeclaration;
}

/** Something a service starts and stops that is not a simple interval (a BullMQ worker and its timers). */
export interface StartedJob {
  stop(): Promise<void>;
  /** The job counts of its queue, reported under the job's name in GET /v1/ops/status. */
  getJobCounts?(): Promise<Record<string, number>>;
}

export interface StartStopJob<S extends StartedJob = StartedJob> {
  name: string;
  start(): S | Promise<S>;
}

// biome-ignore lint/suspicious/noExplicitAny: any result; RunningJob keeps each job's own type
export type JobDeclaration = PeriodicJob<any> | StartStopJob;

export type RunningJob<J> =
  J extends StartStopJob<infer S> ? S : J extends PeriodicJob<infer T> ? RunningPeriodicJob<T> : never;

/**
 * What a service runs, declared once: the host creates the topics, starts the jobs (in order) and then
 * the consumers (in order), stops them in reverse, and reports them in GET /v1/ops/status.
 *
 * Jobs start before consumers: joining a group can wait out a crashed member's session (10 s), and
 * the work a service does on its own (timers, deliveries) must not wait for that.
 */
export interface ServiceWiring<J extends readonly JobDeclaration[] = readonly JobDeclaration[]> {
  consumers: readonly ConsumerDeclaration[];
  /** Base names of topics the service only publishes to; created with their DLQs like the others. */
  publishes?: readonly string[];
  jobs?: J;
}

export interface StartedWiring<J extends readonly JobDeclaration[]> {
  /** In the order declared. */
  consumers: EventConsumer[];
  /** In the order declared. */
  jobs: { -readonly [K in keyof J]: RunningJob<J[K]> };
}

/**
 * A consumer declaration as a read-model source for `replayReadModels`: the same group id, topic,
 * contract and per-event handler the live consumer uses.
 */
export function replaySource(
  prefix: string,
  service: string,
  declaration: ConsumerDeclaration,
): ReadModelSource<{ id: string }> {
  if (!declaration.handle) throw new Error(`${declaration.group}: a replayed consumer handles single events`);
  return {
    groupId: consumerGroupId(prefix, service, declaration.group),
    topic: topicName(prefix, declaration.topic),
    schema: declaration.contract,
    handle: declaration.handle,
  };
}
