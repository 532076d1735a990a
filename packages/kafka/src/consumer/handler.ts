import type pg from 'pg';
import type { Logger } from 'pino';

export interface EventContext {
  topic: string;
  partition: number;
  offset: string;
  logger: Logger;
}

/** Where a chunk came from: one partition of one topic. */
export type ChunkContext = Omit<EventContext, 'offset'>;

/** What a handler did with an event; the runner, not the handler, decides commit, retry or DLQ. */
export type HandlerOutcome = { status: 'applied' } | { status: 'skipped'; reason: string };

/** Applies one event inside the transaction that also records it as processed. */
export type EventHandler<E> = (event: E, tx: pg.PoolClient, context: EventContext) => Promise<HandlerOutcome>;

/**
 * Applies a chunk of events (new to this consumer, in partition order, each id once) inside the
 * transaction that records them as processed, for handlers that write set-based; one outcome per
 * event, in the same order. A throw fails the whole chunk: the runner then splits it to find the
 * event at fault, so the handler is also called with smaller chunks, down to one event.
 */
export type ChunkHandler<E> = (
  events: E[],
  tx: pg.PoolClient,
  context: ChunkContext,
) => Promise<HandlerOutcome[]>;
