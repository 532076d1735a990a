import { currencyExponent, type RiskClass } from '@dunning/contracts';
import type { RiskModel } from './risk-model.ts';

/**
 * The credit limit in minor units: months of average monthly volume by class, never below the class
 * floor, halved (configurable) when the reported current ratio is below 1.
 */
export function creditLimitMinor(input: {
  riskClass: RiskClass;
  monthlyVolumeMinor: bigint;
  currency: string;
  currentRatio: number | null;
  model: RiskModel;
}): bigint {
  const { riskClass, model } = input;
  const rule = model.creditLimit;
  const byVolume = input.monthlyVolumeMinor * BigInt(Math.round(rule.monthsOfVolume[riskClass] * 100));
  const floor = BigInt(rule.floorMajor[riskClass]) * 10n ** BigInt(currencyExponent(input.currency)) * 100n;
  let limitHundredths = byVolume > floor ? byVolume : floor;
  if (input.currentRatio !== null && input.currentRatio < 1) {
    limitHundredths = (limitHundredths * BigInt(Math.round(rule.weakCurrentRatioFactor * 100))) / 100n;
  }
  return limitHundredths / 100n;
}
