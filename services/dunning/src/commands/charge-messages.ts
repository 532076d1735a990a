import { DUNNING_CHARGE_LEVIED, formatMinorUnits } from '@dunning/contracts';
import type { OutboxMessage } from '@dunning/outbox';
import type { LeviedCharge } from '../db/charges.queries.ts';
import type { TimelineEntry } from '../db/timeline.queries.ts';
import { type CommandContext, dunningMessage } from './command-context.ts';

/** The `dunning.charge.levied` of one charge; its event id is the charge id, so a re-published charge is the same event. */
export function leviedMessage(context: CommandContext, charge: LeviedCharge, now: Date): OutboxMessage {
  return dunningMessage(
    context,
    DUNNING_CHARGE_LEVIED,
    charge.customerId,
    {
      chargeId: charge.chargeId,
      noticeId: charge.noticeStepId,
      customerId: charge.customerId,
      ...(charge.invoiceId === undefined ? {} : { invoiceId: charge.invoiceId }),
      invoiceIds: charge.invoiceIds,
      kind: charge.kind,
      currency: charge.currency,
      amount: formatMinorUnits(charge.amountMinor, charge.currency),
      ...(charge.annualRate === undefined ? {} : { annualRate: charge.annualRate }),
      ...(charge.principalMinor === undefined
        ? {}
        : { principal: formatMinorUnits(charge.principalMinor, charge.currency) }),
      ...(charge.period === undefined ? {} : { period: charge.period }),
      description: charge.description,
      leviedAt: now.toISOString(),
    },
    { id: charge.chargeId, subject: charge.invoiceIds[0]! },
  );
}

/** The charge on the timeline of each invoice it names (`charge-levied`). */
export function leviedTimeline(charge: LeviedCharge, now: Date): TimelineEntry[] {
  return charge.invoiceIds.map((invoiceId) => ({
    invoiceId,
    at: now,
    kind: 'charge-levied',
    stepId: charge.noticeStepId,
    detail: {
      chargeId: charge.chargeId,
      kind: charge.kind,
      currency: charge.currency,
      amount: formatMinorUnits(charge.amountMinor, charge.currency),
      ...(charge.period === undefined ? {} : { period: charge.period }),
    },
  }));
}
