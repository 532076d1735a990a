import { z } from 'zod';
import { OverdueReason } from '../dunning/task.ts';
import { cloudEventSchema } from '../envelope.ts';
import { EntityId } from '../ids.ts';
import { PositiveDecimalAmount } from '../money-schema.ts';
import { Reason } from '../text.ts';

export const ERP_DISPUTE_OPENED = 'erp.dispute.opened';
export const ERP_DISPUTE_RESOLVED = 'erp.dispute.resolved';

// Dispute amounts are in the invoice's currency, which only the ledger knows: it checks their decimals.
const DisputedAmount = PositiveDecimalAmount.meta({
  description: "Decimal string in the invoice's currency",
});

/** Body of POST /v1/invoices/:invoiceId/disputes. */
export const OpenDisputeBody = z.strictObject({
  disputeId: EntityId,
  reason: Reason,
  /** Why the invoice is late, for the overdue-reasons report; a dispute without one counts as `contract-dispute`. */
  reasonCode: OverdueReason.optional(),
  amount: DisputedAmount.optional(),
});
export type OpenDisputeBody = z.infer<typeof OpenDisputeBody>;

export const DisputeOpenedData = z.strictObject({ invoiceId: EntityId, ...OpenDisputeBody.shape });
export type DisputeOpenedData = z.infer<typeof DisputeOpenedData>;

export const DisputeOpenedEvent = cloudEventSchema(ERP_DISPUTE_OPENED, DisputeOpenedData);
export type DisputeOpenedEvent = z.infer<typeof DisputeOpenedEvent>;

/** upheld: the customer is right (adjust or credit); rejected: dunning resumes; adjusted: partly right. */
export const DisputeResolution = z.enum(['upheld', 'rejected', 'adjusted']);
export type DisputeResolution = z.infer<typeof DisputeResolution>;

/** Body of POST /v1/disputes/:disputeId/resolve. */
export const ResolveDisputeBody = z.strictObject({
  resolution: DisputeResolution,
  amount: DisputedAmount.optional(),
});
export type ResolveDisputeBody = z.infer<typeof ResolveDisputeBody>;

export const DisputeResolvedData = z.strictObject({ disputeId: EntityId, ...ResolveDisputeBody.shape });
export type DisputeResolvedData = z.infer<typeof DisputeResolvedData>;

export const DisputeResolvedEvent = cloudEventSchema(ERP_DISPUTE_RESOLVED, DisputeResolvedData);
export type DisputeResolvedEvent = z.infer<typeof DisputeResolvedEvent>;
