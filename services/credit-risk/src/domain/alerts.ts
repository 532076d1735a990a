import type { AlertKind } from '@dunning/contracts';
import type { FactorContribution } from './factors.ts';

/** A business alert (litigation, equity change...) open on the customer. */
export interface OpenAlert {
  alertId: string;
  kind: AlertKind;
  note: string | null;
  since: Date;
}

/** The reason an alert holds credit under (`alert litigation AL-1`). */
export function alertHoldReason(alert: OpenAlert): string {
  return `alert ${alert.kind} ${alert.alertId}`;
}

/** Oldest first (then by id): the order alerts are shown and named in. */
export function oldestFirst(alerts: readonly OpenAlert[]): OpenAlert[] {
  return [...alerts].sort(
    (a, b) => a.since.getTime() - b.since.getTime() || a.alertId.localeCompare(b.alertId),
  );
}

/**
 * Each open alert as a factor of the assessment: it adds no points (the score stays the model's), it
 * forces the warning red, and the view shows what and since when.
 */
export function alertFactors(alerts: readonly OpenAlert[]): FactorContribution[] {
  return oldestFirst(alerts).map((alert) => ({
    name: 'alert',
    value: alert.kind,
    contribution: 0,
    alert: {
      alertId: alert.alertId,
      kind: alert.kind,
      note: alert.note,
      since: alert.since.toISOString(),
    },
  }));
}

export type AlertOutcome<T> =
  | { status: 'created'; alert: T }
  | { status: 'duplicate'; alert: T }
  | { status: 'conflict'; alert: T };

/** Whether a repeated raise is the same alert: same customer, kind and note (the id alone is not enough). */
export function sameAlert(
  stored: { customerId: string; kind: AlertKind; note: string | null },
  raised: { customerId: string; kind: AlertKind; note: string | null },
): boolean {
  return (
    stored.customerId === raised.customerId && stored.kind === raised.kind && stored.note === raised.note
  );
}
