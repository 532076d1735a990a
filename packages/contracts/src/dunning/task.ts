import { z } from 'zod';
import { cloudEventSchema } from '../envelope.ts';
import { EntityId, entityIdList } from '../ids.ts';
import { Reason } from '../text.ts';
import { Instant } from '../time.ts';
import { StepName } from './action.ts';

export const DUNNING_TASK_CREATED = 'dunning.task.created';
export const DUNNING_CREDIT_HOLD_REQUESTED = 'dunning.credit-hold.requested';

/** What a collector task asks for; `alert-review`: look into a customer's business anomaly (credit-risk's alert). */
export const TaskKind = z.enum(['call', 'escalation', 'write-off-review', 'alert-review']);
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

export const DUNNING_TASK_OUTCOME_RECORDED = 'dunning.task.outcome-recorded';

/**
 * Why an invoice is late, as a collector or a dispute names it; reported on per period. `malicious`:
 * the customer could pay and will not.
 */
export const OverdueReason = z.enum([
  'cash-flow',
  'contract-dispute',
  'operational',
  'bad-credit',
  'logistics',
  'malicious',
  'other',
]);
export type OverdueReason = z.infer<typeof OverdueReason>;

/** What a collector task can end with. */
export const TaskOutcome = z.enum(['promise-to-pay', 'dispute', 'paid', 'no-answer', 'wrong-contact']);
export type TaskOutcome = z.infer<typeof TaskOutcome>;

/** A collector recorded the outcome of a task, with the overdue reason where one was learnt. */
export const DunningTaskOutcomeRecordedData = z.strictObject({
  taskId: EntityId,
  customerId: EntityId,
  invoiceIds: entityIdList(),
  collectorId: EntityId.nullable(),
  outcome: TaskOutcome,
  overdueReason: OverdueReason.nullable(),
  actor: z.string().max(300).meta({ description: 'Who recorded it: the API key, or `<key>:<user>`' }),
  recordedAt: Instant,
});
export type DunningTaskOutcomeRecordedData = z.infer<typeof DunningTaskOutcomeRecordedData>;

export const DunningTaskOutcomeRecordedEvent = cloudEventSchema(
  DUNNING_TASK_OUTCOME_RECORDED,
  DunningTaskOutcomeRecordedData,
);
export type DunningTaskOutcomeRecordedEvent = z.infer<typeof DunningTaskOutcomeRecordedEvent>;
