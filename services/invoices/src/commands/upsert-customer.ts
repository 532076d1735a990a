import { type CustomerUpsertedData, createEvent, LEDGER_CUSTOMER_UPSERTED } from '@dunning/contracts';
import { writeToOutbox } from '@dunning/outbox';
import type pg from 'pg';
import { upsertCustomer as storeCustomer } from '../db/customers.queries.ts';
import { type CommandContext, LEDGER_SOURCE } from './command-context.ts';

export type UpsertCustomerOutcome = { status: 'updated' } | { status: 'unchanged' };

/** Stores the customer's profile and publishes it when it changed. */
export async function upsertCustomer(
  tx: pg.PoolClient,
  context: CommandContext,
  data: CustomerUpsertedData,
): Promise<UpsertCustomerOutcome> {
  if (!(await storeCustomer(tx, data.customerId, data))) return { status: 'unchanged' };
  const event = createEvent({
    type: LEDGER_CUSTOMER_UPSERTED,
    source: LEDGER_SOURCE,
    subject: data.customerId,
    data,
  });
  await writeToOutbox(tx, context.schema, [{ topic: context.ledgerTopic, key: data.customerId, event }]);
  return { status: 'updated' };
}
