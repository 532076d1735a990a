import type { z } from 'zod';
import { cloudEventSchema } from '../envelope.ts';
import { CustomerUpsertedData } from '../erp/customer.ts';

export const LEDGER_CUSTOMER_UPSERTED = 'ledger.customer.upserted';

/** The customer as the ledger now holds it. */
export const LedgerCustomerUpsertedData = CustomerUpsertedData;
export type LedgerCustomerUpsertedData = z.infer<typeof LedgerCustomerUpsertedData>;

export const LedgerCustomerUpsertedEvent = cloudEventSchema(
  LEDGER_CUSTOMER_UPSERTED,
  LedgerCustomerUpsertedData,
);
export type LedgerCustomerUpsertedEvent = z.infer<typeof LedgerCustomerUpsertedEvent>;
