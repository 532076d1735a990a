import { z } from 'zod';
import { OverdueReason } from '../dunning/task.ts';
import { cloudEventSchema } from '../envelope.ts';
import { DisputeResolution } from '../erp/dispute.ts';
import { EntityId } from '../ids.ts';
import { CurrencyCode, checkMoney, DecimalAmount } from '../money-schema.ts';
import { Reason } from '../text.ts';
import { Instant } from '../time.ts';

export const LEDGER_DISPUTE_OPENED = 'ledger.dispute.opened';
export const LEDGER_DISPUTE_RESOLVED = 'ledger.dispute.resolved';

/** A dispute on an invoice was opened; dunning of the invoice freezes until it is resolved. */
export const LedgerDisputeOpenedData = z
  .strictObject({
    disputeId: EntityId,
    invoiceId: EntityId,
    customerId: EntityId,
    reason: Reason,
    reasonCode: OverdueReason.optional().meta({
      description:
        "Why the invoice is late: the ERP's code, or `contract-dispute` when it gave none; absent on events before it",
    }),
    currency: CurrencyCode.meta({ description: "The invoice's currency" }),
    amount: DecimalAmount.meta({ description: 'The disputed part; absent: the whole invoice' }).optional(),
    openedAt: Instant,
  })
  .superRefine(checkMoney('positive', ['amount']));
export type LedgerDisputeOpenedData = z.infer<typeof LedgerDisputeOpenedData>;

export const LedgerDisputeOpenedEvent = cloudEventSchema(LEDGER_DISPUTE_OPENED, LedgerDisputeOpenedData);
export type LedgerDisputeOpenedEvent = z.infer<typeof LedgerDisputeOpenedEvent>;

/** A dispute was resolved; `amount` is the adjustment of the invoice balance, if any. */
export const LedgerDisputeResolvedData = z
  .strictObject({
    disputeId: EntityId,
    invoiceId: EntityId,
    customerId: EntityId,
    resolution: DisputeResolution,
    currency: CurrencyCode.meta({ description: "The invoice's currency" }),
    amount: DecimalAmount.meta({ description: 'The adjustment of the balance' }).optional(),
    resolvedAt: Instant,
  })
  .superRefine(checkMoney('positive', ['amount']));
export type LedgerDisputeResolvedData = z.infer<typeof LedgerDisputeResolvedData>;

export const LedgerDisputeResolvedEvent = cloudEventSchema(
  LEDGER_DISPUTE_RESOLVED,
  LedgerDisputeResolvedData,
);
export type LedgerDisputeResolvedEvent = z.infer<typeof LedgerDisputeResolvedEvent>;
