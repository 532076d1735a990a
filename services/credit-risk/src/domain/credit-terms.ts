import type { RecommendedTerms, RiskClass, WarningLevel } from '@dunning/contracts';

/** The terms assumed when the ledger has not told the customer's own (`paymentTermsDays`). */
export const DEFAULT_TERMS_DAYS = 30;
/** Class A earns this many days more than the customer's terms... */
export const CLASS_A_EXTRA_DAYS = 15;
/** ...but never beyond this (unless the customer's own terms are longer already). */
export const MAX_TERMS_DAYS = 90;
/** Class C gets half its terms, not below this (unless its own terms are shorter already). */
export const MIN_SHORT_TERMS_DAYS = 7;

export interface TermsInput {
  riskClass: RiskClass;
  warning: WarningLevel;
  score: number;
  onHold: boolean;
  /** The customer's terms as the ledger holds them; null: not known (DEFAULT_TERMS_DAYS). */
  customerTermsDays: number | null;
  /** Business alerts open on the customer. */
  openAlerts: number;
  /** The score under which class C is asked to prepay (the model's red threshold). */
  prepaymentBelowScore: number;
}

const plural = (days: number) => (days === 1 ? '1 day' : `${days} days`);

/**
 * The terms credit-risk advises for the customer's next order, from its class:
 * - an open business alert: prepayment, whatever the class;
 * - A: the customer's terms + 15 days, at most 90 (terms already longer stay as they are);
 * - B: the customer's terms;
 * - C: prepayment when red, on credit hold or scoring under the red threshold; otherwise half the
 *   terms, rounded down, at least 7 days (terms already shorter stay as they are).
 */
export function recommendTerms(input: TermsInput): RecommendedTerms {
  const usual = input.customerTermsDays ?? DEFAULT_TERMS_DAYS;
  if (input.openAlerts > 0) {
    return {
      days: 0,
      prepayment: true,
      reason: `A business alert is open on the customer: ask for payment before delivery until it is resolved.`,
      code: 'open-alert-prepayment',
    };
  }
  if (input.riskClass === 'A') {
    const days = Math.max(usual, Math.min(usual + CLASS_A_EXTRA_DAYS, MAX_TERMS_DAYS));
    return {
      days,
      prepayment: false,
      reason: `Class A pays reliably: terms can be extended from ${plural(usual)} to ${plural(days)}.`,
      code: 'class-a-longer',
    };
  }
  if (input.riskClass === 'B') {
    return {
      days: usual,
      prepayment: false,
      reason: `Class B: keep the customer's usual terms of ${plural(usual)}.`,
      code: 'class-b-usual',
    };
  }
  if (input.warning === 'red' || input.onHold || input.score < input.prepaymentBelowScore) {
    const why =
      input.warning === 'red' ? 'red warning' : input.onHold ? 'credit hold' : `score ${input.score}`;
    return {
      days: 0,
      prepayment: true,
      reason: `Class C with ${why}: ask for payment before delivery.`,
      code: 'class-c-prepayment',
    };
  }
  const days = Math.min(usual, Math.max(Math.floor(usual / 2), MIN_SHORT_TERMS_DAYS));
  return {
    days,
    prepayment: false,
    reason: `Class C: shorten terms from ${plural(usual)} to ${plural(days)}.`,
    code: 'class-c-shorter',
  };
}
