import { formatMinorUnits, type RecommendedTerms } from '@dunning/contracts';
import { alertFactors, oldestFirst } from './alerts.ts';
import { decideHold } from './credit-hold.ts';
import { creditLimitMinor } from './credit-limit.ts';
import { recommendTerms } from './credit-terms.ts';
import { deriveRiskInputs, type Exposure, exposureOf, type RiskInputs } from './risk-inputs.ts';
import type { RiskModel } from './risk-model.ts';
import type { CustomerRiskSnapshot } from './risk-snapshot.ts';
import { type RiskScore, scoreRisk } from './score-risk.ts';

export interface Assessment extends RiskScore {
  customerId: string;
  inputs: RiskInputs;
  exposure: Exposure;
  currency: string;
  creditLimitMinor: bigint;
  onHold: boolean;
  holdReason: string;
  recommendedTerms: RecommendedTerms;
}

/** The credit limit in force before, in minor units of `currency`, to measure utilisation against. */
export interface PreviousLimit {
  currency: string;
  limitMinor: bigint;
}

/**
 * Scores a customer at `now`: inputs, score, class, warning, limit, hold and recommended terms, all
 * pure. An open business alert turns the warning red (and so holds credit) whatever the score.
 */
export function assessCustomer(
  snapshot: CustomerRiskSnapshot,
  options: {
    now: Date;
    dayMs: number;
    model: RiskModel;
    previousLimit: PreviousLimit | null;
    fallbackCurrency: string;
  },
): Assessment {
  const { now, dayMs, model, previousLimit } = options;
  const exposure = exposureOf(snapshot, { now, dayMs, model, fallbackCurrency: options.fallbackCurrency });
  const limitInForce =
    previousLimit !== null && previousLimit.currency === exposure.currency ? previousLimit.limitMinor : null;
  const inputs = deriveRiskInputs(snapshot, { now, dayMs, model, limitMinor: limitInForce, exposure });
  const scored = scoreRisk(inputs, model);
  const openAlerts = oldestFirst(snapshot.openAlerts);
  const warning = openAlerts.length > 0 ? 'red' : scored.warning;
  const limit = creditLimitMinor({
    riskClass: scored.class,
    monthlyVolumeMinor: exposure.monthlyVolumeMinor,
    currency: exposure.currency,
    currentRatio: inputs.currentRatio,
    model,
  });
  const hold = decideHold({
    warning,
    openMinor: exposure.openMinor,
    limitMinor: limit,
    formatMoney: (minor) => `${formatMinorUnits(minor, exposure.currency)} ${exposure.currency}`,
    holdRequests: snapshot.holdRequests,
    openAlerts,
  });
  return {
    ...scored,
    warning,
    factors: [...scored.factors, ...alertFactors(openAlerts)],
    customerId: snapshot.customerId,
    inputs,
    exposure,
    currency: exposure.currency,
    creditLimitMinor: limit,
    onHold: hold.onHold,
    holdReason: hold.reason,
    recommendedTerms: recommendTerms({
      riskClass: scored.class,
      warning,
      score: scored.score,
      onHold: hold.onHold,
      customerTermsDays: snapshot.paymentTermsDays,
      openAlerts: openAlerts.length,
      prepaymentBelowScore: model.thresholds.redBelow,
    }),
  };
}
