import { z } from 'zod';
import { cloudEventSchema } from '../envelope.ts';
import { EntityId } from '../ids.ts';
import { Instant } from '../time.ts';

export const DUNNING_CASE_CLOSED = 'dunning.case.closed';

/** Why the dunning case of an invoice ended. */
export const CaseClosedReason = z.enum(['paid', 'credited', 'cancelled', 'written-off']);
export type CaseClosedReason = z.infer<typeof CaseClosedReason>;

/** The dunning case of an invoice was closed; no further step runs for it. */
export const DunningCaseClosedData = z.strictObject({
  invoiceId: EntityId,
  customerId: EntityId,
  reason: CaseClosedReason,
  closedAt: Instant,
});
export type DunningCaseClosedData = z.infer<typeof DunningCaseClosedData>;

export const DunningCaseClosedEvent = cloudEventSchema(DUNNING_CASE_CLOSED, DunningCaseClosedData);
export type DunningCaseClosedEvent = z.infer<typeof DunningCaseClosedEvent>;
