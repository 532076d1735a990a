import { CurrencyCode, checkMoney, DecimalAmount, EntityId, StepName, text } from '@dunning/contracts';
import { z } from 'zod';

/** What a step does: notices on a channel, collector tasks, a credit-hold request, or the case to legal. */
export const StepAction = z.enum([
  'sms',
  'email',
  'letter',
  'call-task',
  'escalation-task',
  'credit-hold-request',
  'write-off-review-task',
  'legal-hand-over',
]);
export type StepAction = z.infer<typeof StepAction>;

/** An annual rate as a decimal string ("0.08" is 8 % a year). */
export const AnnualRate = z
  .string()
  .max(16)
  .regex(/^(0(\.\d{1,6})?|1(\.0{1,6})?)$/, 'must be a decimal string from "0" to "1" such as "0.08"');

export const StepCharges = z.strictObject({
  fee: z
    .strictObject({ amount: DecimalAmount, currency: CurrencyCode })
    .superRefine(checkMoney('positive', ['amount']))
    .optional()
    .meta({ description: 'Fixed dunning fee, charged on notices about invoices in that currency' }),
  annualInterestRate: AnnualRate.optional().meta({ description: 'Late-payment interest on the balance' }),
});
export type StepCharges = z.infer<typeof StepCharges>;

/** Dunning levels, one scale in every policy: 0 courtesy … 4 legal letter. */
export const LEVEL_NAMES = [
  'courtesy',
  'reminder',
  'overdue notice',
  'final notice',
  'legal letter',
] as const;
export const StepLevel = z
  .int()
  .min(0)
  .max(4)
  .meta({ description: '0 courtesy, 1 reminder, 2 overdue notice, 3 final notice, 4 legal letter' });

/** Below this open balance an item is not dunned at the step's level (SAP FI "minimum amount"). */
export const StepMinimum = z.strictObject({
  amounts: z
    .array(
      z
        .strictObject({ currency: CurrencyCode, amount: DecimalAmount })
        .superRefine(checkMoney('positive', ['amount'])),
    )
    .max(50)
    .refine((a) => new Set(a.map((m) => m.currency)).size === a.length, 'must not repeat a currency')
    .optional()
    .meta({ description: 'Absolute minimum open balance per currency' }),
  percentOfInvoice: z
    .string()
    .max(8)
    .regex(/^(100(\.0{1,2})?|\d{1,2}(\.\d{1,2})?)$/, 'must be a decimal string from "0" to "100"')
    .optional()
    .meta({ description: 'Minimum open balance as a percentage of the invoice amount' }),
});
export type StepMinimum = z.infer<typeof StepMinimum>;

export const PolicyStep = z.strictObject({
  level: StepLevel,
  offsetDays: z.int().min(-60).max(730).meta({ description: 'Days after the due date; negative: before' }),
  name: StepName,
  actions: z
    .array(StepAction)
    .min(1)
    .refine((actions) => new Set(actions).size === actions.length, 'must not repeat an action'),
  templateKey: text(200),
  charges: StepCharges.optional(),
  minimum: StepMinimum.optional(),
});
export type PolicyStep = z.infer<typeof PolicyStep>;

export const POLICY_DEFAULTS = { minimumIntervalDays: 7, graceDays: 0, deadlineDays: 10 } as const;

/**
 * Body of PUT /v1/policies/:policyId: the ladder, in strictly increasing offsets with unique names and
 * non-decreasing levels; two steps share a level only at least `minimumIntervalDays` apart.
 */
export const PolicyBody = z
  .strictObject({
    description: text(500).optional(),
    minimumIntervalDays: z
      .int()
      .min(0)
      .max(365)
      .default(POLICY_DEFAULTS.minimumIntervalDays)
      .meta({ description: 'Days at least between two notices of one invoice' }),
    graceDays: z
      .int()
      .min(0)
      .max(365)
      .default(POLICY_DEFAULTS.graceDays)
      .meta({ description: 'Days added to the due date before any step of level 1 or more' }),
    deadlineDays: z
      .int()
      .min(1)
      .max(365)
      .default(POLICY_DEFAULTS.deadlineDays)
      .meta({ description: 'A final notice (level 3) asks for payment within this many days' }),
    steps: z.array(PolicyStep).min(1).max(20),
  })
  .superRefine((policy, ctx) => {
    if (!Array.isArray(policy.steps)) return;
    const names = new Set<string>();
    policy.steps.forEach((step, index) => {
      const previous = policy.steps[index - 1];
      if (previous && step.offsetDays <= previous.offsetDays) {
        ctx.addIssue({ code: 'custom', path: ['steps', index, 'offsetDays'], message: 'must increase' });
      }
      if (previous && step.level < previous.level) {
        ctx.addIssue({ code: 'custom', path: ['steps', index, 'level'], message: 'must not decrease' });
      } else if (
        previous &&
        step.level === previous.level &&
        step.offsetDays - previous.offsetDays < policy.minimumIntervalDays
      ) {
        ctx.addIssue({
          code: 'custom',
          path: ['steps', index, 'level'],
          message: `repeats level ${step.level} less than minimumIntervalDays (${policy.minimumIntervalDays}) after the previous step`,
        });
      }
      if (names.has(step.name)) {
        ctx.addIssue({ code: 'custom', path: ['steps', index, 'name'], message: 'is repeated' });
      }
      names.add(step.name);
    });
  });
export type PolicyBody = z.infer<typeof PolicyBody>;
export type PolicyInput = z.input<typeof PolicyBody>;

export const PolicyId = EntityId;

export interface Policy extends PolicyBody {
  policyId: string;
  version: number;
}

/** A stored body with the defaults of fields added after it was written (versions stay as stored). */
export function withPolicyDefaults(body: PolicyInput): PolicyBody {
  return { ...POLICY_DEFAULTS, ...body } as PolicyBody;
}

export type RiskClassLetter = 'A' | 'B' | 'C';

/** Which policy a customer's current risk class selects (B, the default, is the standard ladder). */
export function policyIdForClass(riskClass: RiskClassLetter): string {
  return riskClass === 'A' ? 'premium' : riskClass === 'C' ? 'high-risk' : 'standard';
}

/**
 * The policy in force for a customer: the one assigned to them by hand, else their class's. Open cases
 * follow it (re-planned from the level reached whenever it changes).
 */
export function effectivePolicyId(assignedPolicyId: string | null, riskClass: RiskClassLetter): string {
  return assignedPolicyId ?? policyIdForClass(riskClass);
}

/** True when the step sends a notice on a channel. */
export function isChannel(action: StepAction): action is 'sms' | 'email' | 'letter' {
  return action === 'sms' || action === 'email' || action === 'letter';
}
