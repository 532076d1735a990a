import { LEDGER_INVOICE_OVERDUE, Topics } from '@dunning/contracts';
import type { KafkaClient } from '@dunning/kafka';
import { readTopic } from './read-topic.ts';

/**
 * The event ids under which the ledger announced each invoice overdue: the shared announcer's evidence
 * across replicas (one id per invoice, however many replicas ran it).
 */
export async function overdueAnnouncements(kafka: KafkaClient): Promise<Map<string, Set<string>>> {
  const ids = new Map<string, Set<string>>();
  for (const { event } of await readTopic(kafka, Topics.ledgerEvents)) {
    if (event.type !== LEDGER_INVOICE_OVERDUE) continue;
    const invoiceId = String(event.data.invoiceId);
    ids.set(invoiceId, (ids.get(invoiceId) ?? new Set()).add(event.id));
  }
  return ids;
}
