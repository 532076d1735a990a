import { toMinorUnits } from '@dunning/contracts';
import type { Policy, PolicyStep, StepMinimum } from './policy.ts';

/** An open item as the minimum-amount rule sees it, in minor units of its currency. */
export interface OpenItem {
  currency: string;
  amountMinor: bigint;
  balanceMinor: bigint;
}

/** Whether the item's open balance is below the minimum (its currency's amount, or the share of the invoice). */
export function belowMinimum(item: OpenItem, minimum: StepMinimum | undefined): boolean {
  if (!minimum) return false;
  const absolute = minimum.amounts?.find((m) => m.currency === item.currency);
  if (absolute && item.balanceMinor < toMinorUnits(absolute.amount, item.currency)) return true;
  if (minimum.percentOfInvoice === undefined) return false;
  // Percent with up to two decimals, compared exactly in hundredths of a percent.
  const [whole = '0', fraction = ''] = minimum.percentOfInvoice.split('.');
  const hundredths = BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0'));
  return item.balanceMinor * 10_000n < item.amountMinor * hundredths;
}

/** The minimum of a level: the step's own for its level, otherwise the policy's last step on that level. */
function minimumOf(policy: Policy | undefined, step: PolicyStep, level: number): StepMinimum | undefined {
  if (level === step.level) return step.minimum;
  return policy?.steps.findLast((s) => s.level === level)?.minimum;
}

/**
 * The level an item is dunned at by a step (SAP FI minimum amounts): below the step's minimum it drops
 * to the next lower level and is checked against that level's minimum. Null when nothing is to be sent
 * for it: it dropped to level 0 (or a courtesy step's own minimum failed), or below the level it reached.
 */
export function itemLevel(
  policy: Policy | undefined,
  step: PolicyStep,
  item: OpenItem,
  reachedLevel: number | null,
): number | null {
  let level = step.level;
  while (level >= 0 && belowMinimum(item, minimumOf(policy, step, level))) {
    level -= 1;
    if (level === 0) return null;
  }
  if (level < 0) return null;
  if (reachedLevel !== null && level < reachedLevel) return null;
  return level;
}

export const BELOW_MINIMUM = 'below the minimum amount';
