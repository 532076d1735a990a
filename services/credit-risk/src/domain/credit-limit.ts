import { currencyExponent, MAX_MINOR_UNITS, type RiskClass } from '@dunning/contracts';
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
  const limit = limitHundredths / 100n;
  // Months of a huge volume can exceed what the bigint column and a money amount hold; no limit is
  // meaningfully higher than the largest amount the platform can record.
  return limit > MAX_MINOR_UNITS ? MAX_MINOR_UNITS : limit;
}
