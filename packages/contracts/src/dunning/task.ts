import { z } from 'zod';
import { cloudEventSchema } from '../envelope.ts';
import { EntityId, entityIdList } from '../ids.ts';
import { Reason } from '../text.ts';
import { Instant } from '../time.ts';
import { StepName } from './action.ts';

export const DUNNING_TASK_CREATED = 'dunning.task.created';
export const DUNNING_CREDIT_HOLD_REQUESTED = 'dunning.credit-hold.requested';

/** What a collector task asks for. */
export const TaskKind = z.enum(['call', 'escalation', 'write-off-review']);
export type TaskKind = z.infer<typeof TaskKind>;

/** A dunning step created a task for a collector (null: not yet assigned). */
export const DunningTaskCreatedData = z.strictObject({
  taskId: EntityId,
  customerId: EntityId,
  kind: TaskKind,
  invoiceIds: entityIdList(),
  collectorId: EntityId.nullable(),
  priority: z.number().meta({ description: 'Higher is more urgent' }),
  step: StepName,
  dueAt: Instant,
  createdAt: Instant,
});
export type DunningTaskCreatedData = z.infer<typeof DunningTaskCreatedData>;

export const DunningTaskCreatedEvent = cloudEventSchema(DUNNING_TASK_CREATED, DunningTaskCreatedData);
export type DunningTaskCreatedEvent = z.infer<typeof DunningTaskCreatedEvent>;

/** A dunning step asks the credit-risk service to put the customer on credit hold. */
export const DunningCreditHoldRequestedData = z.strictObject({
  customerId: EntityId,
  invoiceIds: entityIdList(),
  step: StepName,
  reason: Reason,
  requestedAt: Instant,
});
export type DunningCreditHoldRequestedData = z.infer<typeof DunningCreditHoldRequestedData>;

export const DunningCreditHoldRequestedEvent = cloudEventSchema(
  DUNNING_CREDIT_HOLD_REQUESTED,
  DunningCreditHoldRequestedData,
);
export type DunningCreditHoldRequestedEvent = z.infer<typeof DunningCreditHoldRequestedEvent>;
