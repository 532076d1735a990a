import type { PolicyBody } from './policy.ts';

/** The standard ladder of the collection playbooks (DOMAIN.md, "The escalation ladder"): class B. */
export const standardPolicy: PolicyBody = {
  description: 'Standard ladder 7/30/60/90 days past due',
  steps: [
    {
      offsetDays: 7,
      name: 'reminder',
      actions: ['sms', 'email', 'call-task'],
      templateKey: 'dunning.reminder',
    },
    {
      offsetDays: 30,
      name: 'overdue-notice',
      actions: ['email', 'call-task'],
      templateKey: 'dunning.overdue-notice',
    },
    {
      offsetDays: 60,
      name: 'final-notice',
      actions: ['email', 'escalation-task'],
      templateKey: 'dunning.final-notice',
      charges: { annualInterestRate: '0.08' },
    },
    {
      offsetDays: 90,
      name: 'legal-letter',
      actions: ['letter', 'credit-hold-request', 'write-off-review-task'],
      templateKey: 'dunning.legal-letter',
      charges: { annualInterestRate: '0.08' },
    },
  ],
};

/** Class C: starts the day after the due date, steps twice as dense, every notice on several channels. */
export const highRiskPolicy: PolicyBody = {
  description: 'High-risk customers (class C): faster, denser, multi-channel',
  steps: [
    {
      offsetDays: 1,
      name: 'reminder',
      actions: ['sms', 'email', 'call-task'],
      templateKey: 'dunning.reminder',
    },
    {
      offsetDays: 7,
      name: 'overdue-notice',
      actions: ['sms', 'email', 'call-task'],
      templateKey: 'dunning.overdue-notice',
    },
    {
      offsetDays: 15,
      name: 'second-notice',
      actions: ['sms', 'email', 'call-task'],
      templateKey: 'dunning.overdue-notice',
      charges: { annualInterestRate: '0.12' },
    },
    {
      offsetDays: 30,
      name: 'final-notice',
      actions: ['sms', 'email', 'letter', 'escalation-task'],
      templateKey: 'dunning.final-notice',
      charges: { annualInterestRate: '0.12' },
    },
    {
      offsetDays: 45,
      name: 'legal-letter',
      actions: ['letter', 'email', 'credit-hold-request', 'write-off-review-task'],
      templateKey: 'dunning.legal-letter',
      charges: { annualInterestRate: '0.12' },
    },
  ],
};

/** Class A: a courtesy reminder before the due date, then a slower ladder by email only until the end. */
export const premiumPolicy: PolicyBody = {
  description: 'Premium customers (class A): courtesy reminder, gentler ladder',
  steps: [
    {
      offsetDays: -3,
      name: 'courtesy-reminder',
      actions: ['email'],
      templateKey: 'dunning.courtesy-reminder',
    },
    { offsetDays: 10, name: 'reminder', actions: ['email'], templateKey: 'dunning.reminder' },
    {
      offsetDays: 45,
      name: 'overdue-notice',
      actions: ['email', 'call-task'],
      templateKey: 'dunning.overdue-notice',
    },
    {
      offsetDays: 75,
      name: 'final-notice',
      actions: ['email', 'escalation-task'],
      templateKey: 'dunning.final-notice',
    },
    {
      offsetDays: 120,
      name: 'legal-letter',
      actions: ['letter', 'credit-hold-request', 'write-off-review-task'],
      templateKey: 'dunning.legal-letter',
    },
  ],
};

export const defaultPolicies: Record<string, PolicyBody> = {
  standard: standardPolicy,
  'high-risk': highRiskPolicy,
  premium: premiumPolicy,
};
