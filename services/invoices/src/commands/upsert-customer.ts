import { type CustomerUpsertedData, LEDGER_CUSTOMER_UPSERTED } from '@dunning/contracts';
import type pg from 'pg';
import {
  upsertCustomer as storeCustomer,
  upsertCustomers as storeCustomers,
} from '../db/customers.queries.ts';
import type { CommandContext } from './command-context.ts';
import { addFact, type LedgerFacts, publishFacts } from './ledger-events.ts';

export type UpsertCustomerOutcome = { status: 'updated' } | { status: 'unchanged' };

/** Stores the customer's profile and publishes it when it changed. */
export async function upsertCustomer(
  tx: pg.PoolClient,
  context: CommandContext,
  data: CustomerUpsertedData,
): Promise<UpsertCustomerOutcome> {
  if (!(await storeCustomer(tx, data.customerId, data))) return { status: 'unchanged' };
  const facts: LedgerFacts = [];
  addFact(facts, context, data.customerId, {
    type: LEDGER_CUSTOMER_UPSERTED,
    subject: data.customerId,
    data,
  });
  await publishFacts(tx, context, facts);
  return { status: 'updated' };
}

/** upsertCustomer for distinct customers at once (one statement), in the order given. */
export async function upsertCustomers(
  tx: pg.PoolClient,
  context: CommandContext,
  customers: CustomerUpsertedData[],
): Promise<UpsertCustomerOutcome[]> {
  if (customers.length === 0) return [];
  const changed = await storeCustomers(
    tx,
    customers.map((data) => ({ customerId: data.customerId, profile: data })),
  );
  const facts: LedgerFacts = [];
  const outcomes = customers.map((data): UpsertCustomerOutcome => {
    if (!changed.has(data.customerId)) return { status: 'unchanged' };
    addFact(facts, context, data.customerId, {
      type: LEDGER_CUSTOMER_UPSERTED,
      subject: data.customerId,
      data,
    });
    return { status: 'updated' };
  });
  await publishFacts(tx, context, facts);
  return outcomes;
}
