import { CurrencyCode, checkMoney, DecimalAmount, EntityId, StepName, text } from '@dunning/contracts';
import { z } from 'zod';

/** What a step does: notices on a channel, collector tasks, or a credit-hold request. */
export const StepAction = z.enum([
  'sms',
  'email',
  'letter',
  'call-task',
  'escalation-task',
  'credit-hold-request',
  'write-off-review-task',
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

export const PolicyStep = z.strictObject({
  offsetDays: z.int().min(-60).max(730).meta({ description: 'Days after the due date; negative: before' }),
  name: StepName,
  actions: z
    .array(StepAction)
    .min(1)
    .refine((actions) => new Set(actions).size === actions.length, 'must not repeat an action'),
  templateKey: text(200),
  charges: StepCharges.optional(),
});
export type PolicyStep = z.infer<typeof PolicyStep>;

/** Body of PUT /v1/policies/:policyId: the ladder, in strictly increasing offsets with unique names. */
export const PolicyBody = z
  .strictObject({
    description: text(500).optional(),
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
      if (names.has(step.name)) {
        ctx.addIssue({ code: 'custom', path: ['steps', index, 'name'], message: 'is repeated' });
      }
      names.add(step.name);
    });
  });
export type PolicyBody = z.infer<typeof PolicyBody>;

export const PolicyId = EntityId;

export interface Policy extends PolicyBody {
  policyId: string;
  version: number;
}

export type RiskClassLetter = 'A' | 'B' | 'C';

/** Which policy a customer's current risk class selects (B, the default, is the standard ladder). */
export function policyIdForClass(riskClass: RiskClassLetter): string {
  return riskClass === 'A' ? 'premium' : riskClass === 'C' ? 'high-risk' : 'standard';
}

/** True when the step sends a notice on a channel. */
export function isChannel(action: StepAction): action is 'sms' | 'email' | 'letter' {
  return action === 'sms' || action === 'email' || action === 'letter';
}
