import type { WarningLevel } from '@dunning/contracts';
import { alertHoldReason, type OpenAlert } from './alerts.ts';
import type { HoldRequest } from './risk-snapshot.ts';

export interface HoldDecision {
  onHold: boolean;
  /** Why the customer is on hold, or why it was released. */
  reason: string;
}

/** The reason a hold dunning asked for is given under. */
export const DUNNING_HOLD_REASON = 'dunning';

/** Whether a dunning request still holds: some invoice it named is still owed (or not known to be paid). */
export function dunningHoldActive(requests: readonly HoldRequest[]): boolean {
  return requests.some((request) => request.owedInvoiceIds.length > 0);
}

/**
 * Red, an open balance above the limit, a dunning request whose invoices are still owed, or an open
 * business alert puts the customer on hold; recovery from all of them releases it (for a dunning
 * request: every invoice it named paid, credited, cancelled or written off; for alerts: the last one
 * resolved).
 */
export function decideHold(input: {
  warning: WarningLevel;
  openMinor: bigint;
  limitMinor: bigint;
  formatMoney: (minor: bigint) => string;
  holdRequests?: readonly HoldRequest[];
  openAlerts?: readonly OpenAlert[];
}): HoldDecision {
  const reasons: string[] = [];
  if (input.warning === 'red') reasons.push('warning level red');
  if (input.openMinor > input.limitMinor) {
    reasons.push(
      `open balance ${input.formatMoney(input.openMinor)} above credit limit ${input.formatMoney(input.limitMinor)}`,
    );
  }
  if (dunningHoldActive(input.holdRequests ?? [])) reasons.push(DUNNING_HOLD_REASON);
  for (const alert of input.openAlerts ?? []) reasons.push(alertHoldReason(alert));
  if (reasons.length > 0) return { onHold: true, reason: reasons.join('; ') };
  return {
    onHold: false,
    reason: 'warning below red, open balance within the credit limit, no open alert',
  };
}
