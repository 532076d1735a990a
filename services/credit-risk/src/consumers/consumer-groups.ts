import { DunningEvent, LedgerEvent, Topics } from '@dunning/contracts';
import { consumer } from '@dunning/service-host';
import { handleDunningEvent } from './dunning-events.consumer.ts';
import { handleLedgerEvent } from './ledger-events.consumer.ts';

export const SERVICE_NAME = 'credit-risk';

/** The service's consumer groups: run by the service, replayed by the replay command (idle groups). */
export function creditRiskConsumers(config: { DAY_MS: number }) {
  return {
    ledger: consumer<LedgerEvent>({
      group: 'ledger-events',
      topic: Topics.ledgerEvents,
      contract: LedgerEvent,
      handle: handleLedgerEvent(config.DAY_MS),
    }),
    dunning: consumer<DunningEvent>({
      group: 'dunning-events',
      topic: Topics.dunningEvents,
      contract: DunningEvent,
      handle: handleDunningEvent,
    }),
  };
}
