import type pg from 'pg';
import type { Logger } from 'pino';

export interface EventContext {
  topic: string;
  partition: number;
  offset: string;
  logger: Logger;
}

/** What a handler did with an event; the runner, not the handler, decides commit, retry or DLQ. */
export type HandlerOutcome = { status: 'applied' } | { status: 'skipped'; reason: string };

/** Applies one event inside the transaction that also records it as processed. */
export type EventHandler<E> = (event: E, tx: pg.PoolClient, context: EventContext) => Promise<HandlerOutcome>;
