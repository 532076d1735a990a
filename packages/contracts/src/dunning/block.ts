import { z } from 'zod';
import { cloudEventSchema } from '../envelope.ts';
import { EntityId } from '../ids.ts';
import { text } from '../text.ts';
import { Instant } from '../time.ts';

export const DUNNING_BLOCK_PLACED = 'dunning.block.placed';
export const DUNNING_BLOCK_CHANGED = 'dunning.block.changed';
export const DUNNING_BLOCK_LIFTED = 'dunning.block.lifted';

/** Why dunning is stopped (SAP FI's dunning block keys, as reason codes). */
export const DunningBlockReason = z.enum(['dispute', 'promise', 'legal', 'vip', 'bankruptcy', 'manual']);
export type DunningBlockReason = z.infer<typeof DunningBlockReason>;

/** What a block stops: every case of a customer, or one invoice's. */
export const DunningBlockScope = z.enum(['customer', 'invoice']);
export type DunningBlockScope = z.infer<typeof DunningBlockScope>;

/** A block as it stands after the change the event reports. */
export const DunningBlockData = z.strictObject({
  blockId: EntityId,
  scope: DunningBlockScope,
  customerId: EntityId,
  /** The blocked invoice; null for a customer block. */
  invoiceId: EntityId.nullable(),
  reason: DunningBlockReason,
  note: text(1000).nullable(),
  /** When the block ends by itself; null: until lifted. */
  until: Instant.nullable(),
  /** The API key's name that placed it. */
  placedBy: z.string().min(1).max(200),
  placedAt: Instant,
  liftedAt: Instant.nullable(),
  liftedBy: z.string().min(1).max(200).nullable(),
  /** Who made the change this event reports, and when. */
  by: z.string().min(1).max(200),
  at: Instant,
});
export type DunningBlockData = z.infer<typeof DunningBlockData>;

export const DunningBlockPlacedEvent = cloudEventSchema(DUNNING_BLOCK_PLACED, DunningBlockData);
export type DunningBlockPlacedEvent = z.infer<typeof DunningBlockPlacedEvent>;
export const DunningBlockChangedEvent = cloudEventSchema(DUNNING_BLOCK_CHANGED, DunningBlockData);
export type DunningBlockChangedEvent = z.infer<typeof DunningBlockChangedEvent>;
export const DunningBlockLiftedEvent = cloudEventSchema(DUNNING_BLOCK_LIFTED, DunningBlockData);
export type DunningBlockLiftedEvent = z.infer<typeof DunningBlockLiftedEvent>;
