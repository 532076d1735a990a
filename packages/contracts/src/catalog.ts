import type { z } from 'zod';
import { DunningTopic } from './catalog/dunning.ts';
import { ErpTopic } from './catalog/erp.ts';
import { LedgerTopic } from './catalog/ledger.ts';
import { NotificationsTopic } from './catalog/notifications.ts';
import { RiskTopic } from './catalog/risk.ts';
import type { EventSpec, TopicSpec } from './catalog/spec.ts';
import type { TopicName } from './topics.ts';

export type { EventSpec, TopicSpec } from './catalog/spec.ts';

/** Every topic of the platform and every event type published on it. */
export const Catalog = [
  ErpTopic,
  LedgerTopic,
  RiskTopic,
  DunningTopic,
  NotificationsTopic,
] as const satisfies readonly TopicSpec[];

/** Any event the catalog knows, as parsed from its envelope schema. */
export type KnownEvent = z.infer<(typeof Catalog)[number]['events'][number]['schema']>;
export type KnownEventType = KnownEvent['type'];

const specsByType: ReadonlyMap<string, EventSpec & { topic: TopicName }> = new Map(
  Catalog.flatMap((topic) =>
    topic.events.map((event): [string, EventSpec & { topic: TopicName }] => [
      event.type,
      { ...event, topic: topic.topic },
    ]),
  ),
);

/** The catalog entry of an event type, with the topic it is published on; undefined if unknown. */
export function eventSpec(type: string): (EventSpec & { topic: TopicName }) | undefined {
  return specsByType.get(type);
}
