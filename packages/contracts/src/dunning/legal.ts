import { z } from 'zod';
import { cloudEventSchema } from '../envelope.ts';
import { EntityId } from '../ids.ts';
import { Reason } from '../text.ts';
import { Instant } from '../time.ts';
import { StepName } from './action.ts';

export const DUNNING_CASE_LEGAL_HANDED_OVER = 'dunning.case.legal-handed-over';
export const DUNNING_CASE_LEGAL_WITHDRAWN = 'dunning.case.legal-withdrawn';

/**
 * The case of an invoice went to legal: no more notices go out for it, its collector tasks moved to
 * the legal queue. `step` names the policy step that handed it over; absent: handed over by hand.
 */
export const DunningCaseLegalHandedOverData = z.strictObject({
  invoiceId: EntityId,
  customerId: EntityId,
  reason: Reason,
  step: StepName.optional(),
  by: z.string().max(100).meta({
    description:
      "Who handed it over: the API key's name (with ':<user>' when the console acted for a user), or 'policy'",
  }),
  handedOverAt: Instant,
});
export type DunningCaseLegalHandedOverData = z.infer<typeof DunningCaseLegalHandedOverData>;

export const DunningCaseLegalHandedOverEvent = cloudEventSchema(
  DUNNING_CASE_LEGAL_HANDED_OVER,
  DunningCaseLegalHandedOverData,
);
export type DunningCaseLegalHandedOverEvent = z.infer<typeof DunningCaseLegalHandedOverEvent>;

/** The case was taken back from legal: dunning continues, one level at a time; its legal tasks closed. */
export const DunningCaseLegalWithdrawnData = z.strictObject({
  invoiceId: EntityId,
  customerId: EntityId,
  reason: Reason,
  by: z.string().max(100).meta({
    description: "Who took it back: the API key's name (with ':<user>' when the console acted for a user)",
  }),
  withdrawnAt: Instant,
});
export type DunningCaseLegalWithdrawnData = z.infer<typeof DunningCaseLegalWithdrawnData>;

export const DunningCaseLegalWithdrawnEvent = cloudEventSchema(
  DUNNING_CASE_LEGAL_WITHDRAWN,
  DunningCaseLegalWithdrawnData,
);
export type DunningCaseLegalWithdrawnEvent = z.infer<typeof DunningCaseLegalWithdrawnEvent>;
