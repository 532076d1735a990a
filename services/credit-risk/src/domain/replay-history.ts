import type { DunningEvent, LedgerEvent } from '@dunning/contracts';
import { applyDunningEvent, applyLedgerEvent, type RiskProfile, snapshotOf } from './risk-profile.ts';
import type { CustomerRiskSnapshot } from './risk-snapshot.ts';

/** The envelope parts a replay needs; real ledger and dunning events fit it. */
export type HistoryEvent = Pick<LedgerEvent | DunningEvent, 'type' | 'time' | 'data'>;

/**
 * Folds ledger and dunning events, in order, into per-customer profiles with the rules the consumers
 * write to the profile tables (`profile-rules.ts`): so a history can be scored without any
 * infrastructure (the backtest).
 */
export class HistoryReplay {
  readonly profiles = new Map<string, RiskProfile>();

  private readonly dayMs: number;

  /** `dayMs`: the length of a day in the history, to age written-off invoices. */
  constructor(dayMs: number) {
    this.dayMs = dayMs;
  }

  apply(event: HistoryEvent): void {
    const customerId = (event.data as { customerId: string }).customerId;
    const profile = this.profiles.get(customerId);
    const folded = event.type.startsWith('ledger.')
      ? applyLedgerEvent(profile, event as LedgerEvent, this.dayMs)
      : applyDunningEvent(profile, event as DunningEvent);
    if (folded && !profile) this.profiles.set(customerId, folded);
  }

  /** What an assessment of the customer would read now; undefined if no event changed its profile. */
  snapshot(customerId: string): CustomerRiskSnapshot | undefined {
    const profile = this.profiles.get(customerId);
    return profile && snapshotOf(profile);
  }
}
