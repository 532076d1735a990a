import type { PolicyInput, StepMinimum } from './policy.ts';

/**
 * Below these open balances an item is not dunned at a step's level: 1 % of the invoice, and a small
 * absolute floor for common currencies (0-decimal JPY, 3-decimal KWD included), so a residual such as
 * 0.01 left by a rounding difference is never dunned.
 */
export const shippedMinimum: StepMinimum = {
  percentOfInvoice: '1',
  amounts: [
    { currency: 'EUR', amount: '5.00' },
    { currency: 'USD', amount: '5.00' },
    { currency: 'GBP', amount: '5.00' },
    { currency: 'CHF', amount: '5.00' },
    { currency: 'CNY', amount: '30.00' },
    { currency: 'JPY', amount: '500' },
    { currency: 'KWD', amount: '1.500' },
  ],
};

/** The standard ladder of the collection playbooks (DOMAIN.md, "The escalation ladder"): class B. */
export const standardPolicy: PolicyInput = {
  description: 'Standard ladder 7/30/60/90 days past due',
  steps: [
    {
      level: 1,
      offsetDays: 7,
      name: 'reminder',
      actions: ['sms', 'email', 'call-task'],
      templateKey: 'dunning.reminder',
      minimum: shippedMinimum,
    },
    {
      level: 2,
      offsetDays: 30,
      name: 'overdue-notice',
      actions: ['email', 'call-task'],
      templateKey: 'dunning.overdue-notice',
      minimum: shippedMinimum,
    },
    {
      level: 3,
      offsetDays: 60,
      name: 'final-notice',
      actions: ['email', 'escalation-task'],
      templateKey: 'dunning.final-notice',
      minimum: shippedMinimum,
      charges: { annualInterestRate: '0.08' },
    },
    {
      level: 4,
      offsetDays: 90,
      name: 'legal-letter',
      actions: ['letter', 'credit-hold-request', 'write-off-review-task'],
      templateKey: 'dunning.legal-letter',
      minimum: shippedMinimum,
      charges: { annualInterestRate: '0.08' },
    },
  ],
};

/** Class C: starts the day after the due date, steps twice as dense, every notice on several channels. */
export const highRiskPolicy: PolicyInput = {
  description: 'High-risk customers (class C): faster, denser, multi-channel',
  steps: [
    {
      level: 1,
      offsetDays: 1,
      name: 'reminder',
      actions: ['sms', 'email', 'call-task'],
      templateKey: 'dunning.reminder',
      minimum: shippedMinimum,
    },
    {
      level: 2,
      offsetDays: 7,
      name: 'overdue-notice',
      actions: ['sms', 'email', 'call-task'],
      templateKey: 'dunning.overdue-notice',
      minimum: shippedMinimum,
    },
    {
      level: 2,
      offsetDays: 15,
      name: 'second-notice',
      actions: ['sms', 'email', 'call-task'],
      templateKey: 'dunning.overdue-notice',
      minimum: shippedMinimum,
      charges: { annualInterestRate: '0.12' },
    },
    {
      level: 3,
      offsetDays: 30,
      name: 'final-notice',
      actions: ['sms', 'email', 'letter', 'escalation-task'],
      templateKey: 'dunning.final-notice',
      minimum: shippedMinimum,
      charges: { annualInterestRate: '0.12' },
    },
    {
      level: 4,
      offsetDays: 45,
      name: 'legal-letter',
      actions: ['letter', 'email', 'credit-hold-request', 'write-off-review-task'],
      templateKey: 'dunning.legal-letter',
      minimum: shippedMinimum,
      charges: { annualInterestRate: '0.12' },
    },
  ],
};

/** Class A: a courtesy reminder before the due date, then a slower ladder by email only until the end. */
export const premiumPolicy: PolicyInput = {
  description: 'Premium customers (class A): courtesy reminder, gentler ladder',
  steps: [
    {
      level: 0,
      offsetDays: -3,
      name: 'courtesy-reminder',
      actions: ['email'],
      templateKey: 'dunning.courtesy-reminder',
      minimum: shippedMinimum,
    },
    {
      level: 1,
      offsetDays: 10,
      name: 'reminder',
      actions: ['email'],
      templateKey: 'dunning.reminder',
      minimum: shippedMinimum,
    },
    {
      level: 2,
      offsetDays: 45,
      name: 'overdue-notice',
      actions: ['email', 'call-task'],
      templateKey: 'dunning.overdue-notice',
      minimum: shippedMinimum,
    },
    {
      level: 3,
      offsetDays: 75,
      name: 'final-notice',
      actions: ['email', 'escalation-task'],
      templateKey: 'dunning.final-notice',
      minimum: shippedMinimum,
    },
    {
      level: 4,
      offsetDays: 120,
      name: 'legal-letter',
      actions: ['letter', 'credit-hold-request', 'write-off-review-task'],
      templateKey: 'dunning.legal-letter',
      minimum: shippedMinimum,
    },
  ],
};

export const defaultPolicies: Record<string, PolicyInput> = {
  standard: standardPolicy,
  'high-risk': highRiskPolicy,
  premium: premiumPolicy,
};
