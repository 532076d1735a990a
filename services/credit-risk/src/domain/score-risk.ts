import type { RiskClass, WarningLevel } from '@dunning/contracts';
import { type FactorContribution, factorContributions } from './factors.ts';
import type { RiskInputs } from './risk-inputs.ts';
import type { RiskModel } from './risk-model.ts';

export interface RiskScore {
  score: number;
  class: RiskClass;
  warning: WarningLevel;
  factors: FactorContribution[];
  modelVersion: string;
}

const warningRank: Record<WarningLevel, number> = { none: 0, blue: 1, yellow: 2, red: 3 };

function worst(a: WarningLevel, b: WarningLevel): WarningLevel {
  return warningRank[a] >= warningRank[b] ? a : b;
}

export function classOf(score: number, model: RiskModel): RiskClass {
  if (score >= model.thresholds.classA) return 'A';
  return score >= model.thresholds.classB ? 'B' : 'C';
}

/** The warning is the worst of what the score, the oldest overdue invoice and broken promises say. */
export function warningOf(score: number, inputs: RiskInputs, model: RiskModel): WarningLevel {
  const t = model.thresholds;
  const byScore: WarningLevel =
    score < t.redBelow ? 'red' : score < t.yellowBelow ? 'yellow' : score < t.blueBelow ? 'blue' : 'none';
  const days = inputs.maxDaysPastDue;
  const byOverdue: WarningLevel =
    days >= t.redDaysPastDue
      ? 'red'
      : days >= t.yellowDaysPastDue
        ? 'yellow'
        : days >= t.blueDaysPastDue
          ? 'blue'
          : 'none';
  const byPromises: WarningLevel = inputs.brokenPromises >= t.yellowBrokenPromises ? 'yellow' : 'none';
  return worst(worst(byScore, byOverdue), byPromises);
}

/** Base points plus every factor's contribution, clamped to 0..100 and rounded; higher is safer. */
export function scoreRisk(inputs: RiskInputs, model: RiskModel): RiskScore {
  const factors = factorContributions(inputs, model.weights);
  const raw = factors.reduce((sum, factor) => sum + factor.contribution, model.weights.base);
  const score = Math.round(Math.min(100, Math.max(0, raw)));
  return {
    score,
    class: classOf(score, model),
    warning: warningOf(score, inputs, model),
    factors,
    modelVersion: model.version,
  };
}
