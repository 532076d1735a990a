import type { WarningLevel } from '@dunning/contracts';

export interface HoldDecision {
  onHold: boolean;
  /** Why the customer is on hold, or why it was released. */
  reason: string;
}

/** Red or an open balance above the limit puts the customer on hold; recovery from both releases it. */
export function decideHold(input: {
  warning: WarningLevel;
  openMinor: bigint;
  limitMinor: bigint;
  formatMoney: (minor: bigint) => string;
}): HoldDecision {
  const reasons: string[] = [];
  if (input.warning === 'red') reasons.push('warning level red');
  if (input.openMinor > input.limitMinor) {
    reasons.push(
      `open balance ${input.formatMoney(input.openMinor)} above credit limit ${input.formatMoney(input.limitMinor)}`,
    );
  }
  if (reasons.length > 0) return { onHold: true, reason: reasons.join('; ') };
  return { onHold: false, reason: 'warning below red and open balance within the credit limit' };
}
