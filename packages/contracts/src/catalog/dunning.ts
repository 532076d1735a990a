import {
  DUNNING_ACTION_REQUESTED,
  DUNNING_BLOCK_CHANGED,
  DUNNING_BLOCK_LIFTED,
  DUNNING_BLOCK_PLACED,
  DUNNING_CASE_CLOSED,
  DUNNING_CASE_LEGAL_HANDED_OVER,
  DUNNING_CASE_LEGAL_WITHDRAWN,
  DUNNING_CHARGE_LEVIED,
  DUNNING_CREDIT_HOLD_REQUESTED,
  DUNNING_CUSTOMER_POLICY_ASSIGNED,
  DUNNING_CUSTOMER_POLICY_UNASSIGNED,
  DUNNING_PROMISE_BROKEN,
  DUNNING_PROMISE_KEPT,
  DUNNING_PROMISE_RECORDED,
  DUNNING_TASK_CREATED,
  DUNNING_TASK_OUTCOME_RECORDED,
  DunningActionRequestedEvent,
  DunningBlockChangedEvent,
  DunningBlockLiftedEvent,
  DunningBlockPlacedEvent,
  DunningCaseClosedEvent,
  DunningCaseLegalHandedOverEvent,
  DunningCaseLegalWithdrawnEvent,
  DunningChargeLeviedEvent,
  DunningCreditHoldRequestedEvent,
  DunningCustomerPolicyAssignedEvent,
  DunningCustomerPolicyUnassignedEvent,
  DunningPromiseBrokenEvent,
  DunningPromiseKeptEvent,
  DunningPromiseRecordedEvent,
  DunningTaskCreatedEvent,
  DunningTaskOutcomeRecordedEvent,
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
      type: DUNNING_TASK_OUTCOME_RECORDED,
      schema: DunningTaskOutcomeRecordedEvent,
      description:
        'A collector recorded the outcome of a task, with the overdue reason where one was learnt.',
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
      type: DUNNING_CUSTOMER_POLICY_ASSIGNED,
      schema: DunningCustomerPolicyAssignedEvent,
      description:
        "A policy was assigned to the customer, overriding their risk class's; open cases continue on it.",
    },
    {
      type: DUNNING_CUSTOMER_POLICY_UNASSIGNED,
      schema: DunningCustomerPolicyUnassignedEvent,
      description: "The customer's assigned policy was removed; their risk class's policy applies again.",
    },
    {
      type: DUNNING_CASE_LEGAL_HANDED_OVER,
      schema: DunningCaseLegalHandedOverEvent,
      description: 'The case of an invoice went to legal: no more notices, its tasks in the legal queue.',
    },
    {
      type: DUNNING_CASE_LEGAL_WITHDRAWN,
      schema: DunningCaseLegalWithdrawnEvent,
      description: 'The case was taken back from legal; dunning continues one level at a time.',
    },
    {
      type: DUNNING_CHARGE_LEVIED,
      schema: DunningChargeLeviedEvent,
      description:
        'A notice levied a fee or interest; the ledger books it once per chargeId (derived from the notice).',
    },
    {
      type: DUNNING_BLOCK_PLACED,
      schema: DunningBlockPlacedEvent,
      description:
        'Dunning of a customer or one invoice was blocked, with a reason code; nothing goes out meanwhile.',
    },
    {
      type: DUNNING_BLOCK_CHANGED,
      schema: DunningBlockChangedEvent,
      description: "A dunning block's note or end (until) changed.",
    },
    {
      type: DUNNING_BLOCK_LIFTED,
      schema: DunningBlockLiftedEvent,
      description: 'A dunning block was lifted; the steps owed meanwhile run one level at a time.',
    },
  ],
} as const satisfies TopicSpec;
