import { createEvent, formatMinorUnits, RISK_CONCENTRATION_FLAGGED } from '@dunning/contracts';
import { type OutboxMessage, writeToOutbox } from '@dunning/outbox';
import type pg from 'pg';
import {
  deleteFlag,
  listFlags,
  lockConcentration,
  openBalances,
  upsertFlag,
} from '../db/concentration.queries.ts';
import { concentratedCustomers } from '../domain/concentration.ts';
import { type CommandContext, RISK_SOURCE } from './command-context.ts';

function fraction(value: number): string {
  return value >= 1 ? '1' : value.toFixed(4);
}

/** Refreshes the concentration flags; a customer that becomes flagged is published once. */
export async function checkConcentration(tx: pg.PoolClient, context: CommandContext): Promise<number> {
  await lockConcentration(tx, context.schema);
  const now = context.now();
  const flagged = concentratedCustomers(await openBalances(tx), context.concentrationThreshold);
  const existing = new Map(
    (await listFlags(tx)).map((flag) => [`${flag.customerId}/${flag.currency}`, flag]),
  );
  const messages: OutboxMessage[] = [];
  for (const customer of flagged) {
    const key = `${customer.customerId}/${customer.currency}`;
    const known = existing.get(key);
    existing.delete(key);
    await upsertFlag(tx, {
      customerId: customer.customerId,
      currency: customer.currency,
      share: customer.share,
      exposureMinor: customer.openMinor,
      flaggedAt: known?.flaggedAt ?? now,
    });
    if (known) continue;
    const event = createEvent({
      type: RISK_CONCENTRATION_FLAGGED,
      source: RISK_SOURCE,
      subject: customer.customerId,
      data: {
        customerId: customer.customerId,
        share: fraction(customer.share),
        threshold: fraction(context.concentrationThreshold),
        currency: customer.currency,
        exposure: formatMinorUnits(customer.openMinor, customer.currency),
        flaggedAt: now.toISOString(),
      },
    });
    messages.push({ topic: context.riskTopic, key: customer.customerId, event });
  }
  for (const gone of existing.values()) await deleteFlag(tx, gone.customerId, gone.currency);
  // One call, so the per-key outbox locks are taken in one sorted order.
  if (messages.length > 0) await writeToOutbox(tx, context.schema, messages);
  return messages.length;
}
