import { type CreateEventInput, createEvent, type KnownEventType } from '@dunning/contracts';
import { type OutboxMessage, writeToOutbox } from '@dunning/outbox';
import type pg from 'pg';
import { type CommandContext, LEDGER_SOURCE } from './command-context.ts';

/** Ledger facts a command produces, written to the outbox together at its end (one insert). */
export type LedgerFacts = OutboxMessage[];

export function addFact<T extends KnownEventType>(
  facts: LedgerFacts,
  context: CommandContext,
  customerId: string,
  input: Omit<CreateEventInput<T>, 'source' | 'time'>,
): void {
  const event = createEvent({
    ...input,
    source: LEDGER_SOURCE,
    time: context.now().toISOString(),
  } as CreateEventInput<T>);
  facts.push({ topic: context.ledgerTopic, key: customerId, event });
}

const buffers = new WeakMap<pg.PoolClient, LedgerFacts>();

/** From now on, facts of this transaction are kept for one outbox write at its commit. */
export function bufferFacts(tx: pg.PoolClient): void {
  buffers.set(tx, []);
}

export function takeBufferedFacts(tx: pg.PoolClient): LedgerFacts {
  const facts = buffers.get(tx) ?? [];
  buffers.delete(tx);
  return facts;
}

export async function publishFacts(
  tx: pg.PoolClient,
  context: CommandContext,
  facts: LedgerFacts,
): Promise<void> {
  const buffer = buffers.get(tx);
  if (buffer) buffer.push(...facts);
  else await writeToOutbox(tx, context.schema, facts);
}
