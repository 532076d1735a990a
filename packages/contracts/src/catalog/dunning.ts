import {
  DUNNING_ACTION_REQUESTED,
  DUNNING_CASE_CLOSED,
  DUNNING_CHARGE_LEVIED,
  DUNNING_CREDIT_HOLD_REQUESTED,
  DUNNING_PROMISE_BROKEN,
  DUNNING_PROMISE_KEPT,
  DUNNING_PROMISE_RECORDED,
  DUNNING_TASK_CREATED,
  DunningActionRequestedEvent,
  DunningCaseClosedEvent,
  DunningChargeLeviedEvent,
  DunningCreditHoldRequestedEvent,
  DunningPromiseBrokenEvent,
  DunningPromiseKeptEvent,
  DunningPromiseRecordedEvent,
  DunningTaskCreatedEvent,
} from '../dunning-events.ts';
import { Topics } from '../topics.ts';
import type { TopicSpec } from './spec.ts';

/** The dunning topic of the catalog: who publishes on it and every event type it carries. */
export const DunningTopic = {
  topic: Topics.dunningEvents,
  publisher: 'dunning service',
  description: 'Dunning cases, steps that fell due and collector tasks.',
  events: [
    {
      type: DUNNING_ACTION_REQUESTED,
      schema: DunningActionRequestedEvent,
      description: 'A dunning step ran and asks for one notice on one channel, delivered once per actionId.',
    },
    {
      type: DUNNING_TASK_CREATED,
      schema: DunningTaskCreatedEvent,
      description: 'A dunning step created a collector task (call, escalation, write-off review).',
    },
    {
      type: DUNNING_CREDIT_HOLD_REQUESTED,
      schema: DunningCreditHoldRequestedEvent,
      description: 'A dunning step asks for a credit hold on the customer.',
    },
    {
      type: DUNNING_PROMISE_RECORDED,
      schema: DunningPromiseRecordedEvent,
      description: 'A collector recorded a promise to pay; dunning of its invoices pauses.',
    },
    {
      type: DUNNING_PROMISE_KEPT,
      schema: DunningPromiseKeptEvent,
      description: 'A promise to pay was kept.',
    },
    {
      type: DUNNING_PROMISE_BROKEN,
      schema: DunningPromiseBrokenEvent,
      description: 'A promise to pay was broken; dunning resumes.',
    },
    {
      type: DUNNING_CASE_CLOSED,
      schema: DunningCaseClosedEvent,
      description: 'The dunning case of an invoice was closed.',
    },
    {
      type: DUNNING_CHARGE_LEVIED,
      schema: DunningChargeLeviedEvent,
      description:
        'A notice levied a fee or interest; the ledger books it once per chargeId (derived from the notice).',
    },
  ],
} as const satisfies TopicSpec;
