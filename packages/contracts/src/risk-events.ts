import { z } from 'zod';
import { cloudEventSchema } from './envelope.ts';
import { AlertKind } from './erp/customer-alert.ts';
import { EntityId } from './ids.ts';
import { toMinorUnits } from './money.ts';
import { CurrencyCode, checkMoney, DecimalAmount, moneyProblem, moneySchema } from './money-schema.ts';
import { Reason, text } from './text.ts';
import { Instant } from './time.ts';

export const RISK_ASSESSMENT_CHANGED = 'risk.assessment.changed';
export const RISK_CREDIT_HOLD_PLACED = 'risk.credit-hold.placed';
export const RISK_CREDIT_HOLD_RELEASED = 'risk.credit-hold.released';
export const RISK_CONCENTRATION_FLAGGED = 'risk.concentration.flagged';
export const RISK_ALERT_RAISED = 'risk.alert.raised';
export const RISK_ALERT_RESOLVED = 'risk.alert.resolved';

/** A premium, B normal, C high risk. */
export const RiskClass = z.enum(['A', 'B', 'C']);
export type RiskClass = z.infer<typeof RiskClass>;

/** Early-warning level; red puts the customer on credit hold. */
export const WarningLevel = z.enum(['none', 'blue', 'yellow', 'red']);
export type WarningLevel = z.infer<typeof WarningLevel>;

/** The credit limit of a customer; 0 allows no open balance at all. */
export const CreditLimit = moneySchema('non-negative');
export type CreditLimit = z.infer<typeof CreditLimit>;

/** A fraction between 0 and 1 as a decimal string ("0.3412"). */
export const DecimalFraction = z
  .string()
  .max(32, { abort: true })
  .regex(/^(0(\.\d+)?|1(\.0+)?)$/, 'must be a decimal string from "0" to "1" such as "0.3412"')
  .meta({ description: 'Decimal string fraction from 0 to 1' });
export type DecimalFraction = z.infer<typeof DecimalFraction>;

/** The parts of an assessment whose change is published. */
export const RiskStanding = z.strictObject({
  class: RiskClass,
  warning: WarningLevel,
  creditLimit: CreditLimit,
  onHold: z.boolean(),
});
export type RiskStanding = z.infer<typeof RiskStanding>;

/** Why the terms are recommended, as a code (the sentence beside it is for people). */
export const TermsReasonCode = z.enum([
  'class-a-longer',
  'class-b-usual',
  'class-c-shorter',
  'class-c-prepayment',
  'open-alert-prepayment',
]);
export type TermsReasonCode = z.infer<typeof TermsReasonCode>;

/** The credit terms credit-risk advises sales to offer on the customer's next order. */
export const RecommendedTerms = z.strictObject({
  days: z.int().min(0).max(366).meta({ description: 'Payment terms in days (0 with prepayment)' }),
  prepayment: z.boolean().meta({ description: 'Ask for payment before delivery' }),
  reason: text(300).meta({ description: 'Why, in a sentence' }),
  code: TermsReasonCode,
});
export type RecommendedTerms = z.infer<typeof RecommendedTerms>;

function sameLimit(a: CreditLimit, b: CreditLimit): boolean {
  if (a.currency !== b.currency) return false;
  if (moneyProblem(a.amount, a.currency, 'any') ?? moneyProblem(b.amount, b.currency, 'any')) return false;
  return toMinorUnits(a.amount, a.currency) === toMinorUnits(b.amount, b.currency);
}

/** The class, warning level, credit limit or hold of a customer changed; `previous` is null at first. */
export const RiskAssessmentChangedData = z
  .strictObject({
    customerId: EntityId,
    score: z.int().min(0).max(100).meta({ description: '0 to 100; higher is safer' }),
    ...RiskStanding.shape,
    modelVersion: text(100),
    assessedAt: Instant,
    trigger: text(200).meta({ description: 'What caused the assessment, e.g. the event type' }),
    previous: RiskStanding.nullable(),
    // Optional: events published before terms advice existed stay valid on the topic.
    recommendedTerms: RecommendedTerms.optional(),
  })
  .superRefine((assessment, ctx) => {
    const { previous } = assessment;
    // Refinements may run on values whose fields already failed their own schemas.
    if (typeof previous !== 'object' || previous === null || typeof previous.creditLimit !== 'object') return;
    if (typeof assessment.creditLimit !== 'object' || assessment.creditLimit === null) return;
    const unchanged =
      previous.class === assessment.class &&
      previous.warning === assessment.warning &&
      previous.onHold === assessment.onHold &&
      sameLimit(previous.creditLimit, assessment.creditLimit);
    if (unchanged) {
      ctx.addIssue({ code: 'custom', path: ['previous'], message: 'must differ from the new assessment' });
    }
  });
export type RiskAssessmentChangedData = z.infer<typeof RiskAssessmentChangedData>;

export const RiskAssessmentChangedEvent = cloudEventSchema(
  RISK_ASSESSMENT_CHANGED,
  RiskAssessmentChangedData,
);
export type RiskAssessmentChangedEvent = z.infer<typeof RiskAssessmentChangedEvent>;

/** A customer was put on credit hold: no new credit (orders, deliveries) until released. */
export const RiskCreditHoldPlacedData = z.strictObject({
  customerId: EntityId,
  reason: Reason,
  placedAt: Instant,
});
export type RiskCreditHoldPlacedData = z.infer<typeof RiskCreditHoldPlacedData>;

export const RiskCreditHoldPlacedEvent = cloudEventSchema(RISK_CREDIT_HOLD_PLACED, RiskCreditHoldPlacedData);
export type RiskCreditHoldPlacedEvent = z.infer<typeof RiskCreditHoldPlacedEvent>;

/** The credit hold of a customer was released. */
export const RiskCreditHoldReleasedData = z.strictObject({
  customerId: EntityId,
  reason: Reason,
  releasedAt: Instant,
});
export type RiskCreditHoldReleasedData = z.infer<typeof RiskCreditHoldReleasedData>;

export const RiskCreditHoldReleasedEvent = cloudEventSchema(
  RISK_CREDIT_HOLD_RELEASED,
  RiskCreditHoldReleasedData,
);
export type RiskCreditHoldReleasedEvent = z.infer<typeof RiskCreditHoldReleasedEvent>;

/** One customer holds a share of all receivables above the threshold (systemic risk). */
export const RiskConcentrationFlaggedData = z
  .strictObject({
    customerId: EntityId,
    share: DecimalFraction.meta({ description: "The customer's share of all open receivables" }),
    threshold: DecimalFraction,
    currency: CurrencyCode,
    exposure: DecimalAmount.meta({ description: "The customer's open balance" }),
    flaggedAt: Instant,
  })
  // A sum of the customer's open balances: each fits a bigint of minor units, the sum need not.
  .superRefine(checkMoney('positive', ['exposure'], 'sum'));
export type RiskConcentrationFlaggedData = z.infer<typeof RiskConcentrationFlaggedData>;

export const RiskConcentrationFlaggedEvent = cloudEventSchema(
  RISK_CONCENTRATION_FLAGGED,
  RiskConcentrationFlaggedData,
);
export type RiskConcentrationFlaggedEvent = z.infer<typeof RiskConcentrationFlaggedEvent>;

/** A business anomaly of the customer was raised: it is red and on credit hold while the alert is open. */
export const RiskAlertRaisedData = z.strictObject({
  alertId: EntityId,
  customerId: EntityId,
  kind: AlertKind,
  note: Reason.nullable(),
  raisedAt: Instant,
});
export type RiskAlertRaisedData = z.infer<typeof RiskAlertRaisedData>;

export const RiskAlertRaisedEvent = cloudEventSchema(RISK_ALERT_RAISED, RiskAlertRaisedData);
export type RiskAlertRaisedEvent = z.infer<typeof RiskAlertRaisedEvent>;

/** A customer's alert was resolved; what it caused lifts by the usual rules. */
export const RiskAlertResolvedData = z.strictObject({
  ...RiskAlertRaisedData.shape,
  resolutionNote: Reason.nullable(),
  resolvedAt: Instant,
});
export type RiskAlertResolvedData = z.infer<typeof RiskAlertResolvedData>;

export const RiskAlertResolvedEvent = cloudEventSchema(RISK_ALERT_RESOLVED, RiskAlertResolvedData);
export type RiskAlertResolvedEvent = z.infer<typeof RiskAlertResolvedEvent>;
