import { DunningEvent, ErpEvent, LedgerEvent, Topics } from '@dunning/contracts';
import { consumer } from '@dunning/service-host';
import type { CommandContext } from '../commands/command-context.ts';
import { handleDunningEvent } from './dunning-events.consumer.ts';
import { erpAlertHandler } from './erp-alerts.consumer.ts';
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

/**
 * Business alerts from the ERP topic, in a group of credit-risk's own (docs/architecture.md says why
 * not through the ledger). Not a read model: alerts also come over HTTP, so they are not replayed.
 * The topic is the ledger's: it dead-letters what does not parse, so this group skips those.
 */
export function erpAlertsConsumer(context: CommandContext) {
  return consumer<ErpEvent>({
    group: 'erp-alerts',
    topic: Topics.erpEvents,
    contract: ErpEvent,
    invalidMessages: 'skip',
    handle: erpAlertHandler(context),
  });
}
