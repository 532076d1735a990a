import { z } from 'zod';
import { DUNNING_ACTION_REQUESTED, DunningActionRequestedEvent } from './dunning/action.ts';
import { DUNNING_CASE_CLOSED, DunningCaseClosedEvent } from './dunning/case.ts';
import {
  DUNNING_PROMISE_BROKEN,
  DUNNING_PROMISE_KEPT,
  DUNNING_PROMISE_RECORDED,
  DunningPromiseBrokenEvent,
  DunningPromiseKeptEvent,
  DunningPromiseRecordedEvent,
} from './dunning/promise.ts';
import {
  DUNNING_CREDIT_HOLD_REQUESTED,
  DUNNING_TASK_CREATED,
  DunningCreditHoldRequestedEvent,
  DunningTaskCreatedEvent,
} from './dunning/task.ts';

export * from './dunning/action.ts';
export * from './dunning/case.ts';
export * from './dunning/promise.ts';
export * from './dunning/task.ts';

/** Every event type the dunning service publishes on dunning.events.v1. */
export const DunningEventTypes = [
  DUNNING_ACTION_REQUESTED,
  DUNNING_TASK_CREATED,
  DUNNING_CREDIT_HOLD_REQUESTED,
  DUNNING_PROMISE_RECORDED,
  DUNNING_PROMISE_KEPT,
  DUNNING_PROMISE_BROKEN,
  DUNNING_CASE_CLOSED,
] as const;
export type DunningEventType = (typeof DunningEventTypes)[number];

/** Any message of dunning.events.v1, told apart by its CloudEvents `type`. */
export const DunningEvent = z.discriminatedUnion('type', [
  DunningActionRequestedEvent,
  DunningTaskCreatedEvent,
  DunningCreditHoldRequestedEvent,
  DunningPromiseRecordedEvent,
  DunningPromiseKeptEvent,
  DunningPromiseBrokenEvent,
  DunningCaseClosedEvent,
]);
export type DunningEvent = z.infer<typeof DunningEvent>;
