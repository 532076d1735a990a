import { z } from 'zod';
import { DunningTopic } from './catalog/dunning.ts';
import { ErpTopic } from './catalog/erp.ts';
import { LedgerTopic } from './catalog/ledger.ts';
import { NotificationsTopic } from './catalog/notifications.ts';
import { RiskTopic } from './catalog/risk.ts';
import type { EventSpec, TopicSpec } from './catalog/spec.ts';

// Each topic's event types and its union schema are read off the catalog (src/catalog/*.ts), where every
// event type is listed once, in one place, with its schema and meaning.

type TypesOf<Events extends readonly EventSpec[]> = { readonly [K in keyof Events]: Events[K]['type'] };
type SchemasOf<Events extends readonly EventSpec[]> = { -readonly [K in keyof Events]: Events[K]['schema'] };

/** The event types the catalog lists on a topic, in its order. */
export function eventTypesOf<const Topic extends TopicSpec>(topic: Topic): TypesOf<Topic['events']> {
  return topic.events.map((event) => event.type) as unknown as TypesOf<Topic['events']>;
}

/** Any message of a topic, told apart by its CloudEvents `type`: the union of the catalog's schemas. */
export function eventUnionOf<const Topic extends TopicSpec>(
  topic: Topic,
): z.ZodDiscriminatedUnion<SchemasOf<Topic['events']>, 'type'> {
  const [first, ...others] = topic.events.map((event) => event.schema);
  if (first === undefined) throw new Error(`the catalog lists no event on ${topic.topic}`);
  return z.discriminatedUnion('type', [first, ...others]) as unknown as z.ZodDiscriminatedUnion<
    SchemasOf<Topic['events']>,
    'type'
  >;
}

/** Every event type ERP systems publish on erp.events.v1. */
export const ErpEventTypes = eventTypesOf(ErpTopic);
export type ErpEventType = (typeof ErpEventTypes)[number];
/** Any message of erp.events.v1, told apart by its CloudEvents `type`. */
export const ErpEvent = eventUnionOf(ErpTopic);
export type ErpEvent = z.infer<typeof ErpEvent>;

/** Every event type the invoices service publishes on ledger.events.v1. */
export const LedgerEventTypes = eventTypesOf(LedgerTopic);
export type LedgerEventType = (typeof LedgerEventTypes)[number];
/** Any message of ledger.events.v1, told apart by its CloudEvents `type`. */
export const LedgerEvent = eventUnionOf(LedgerTopic);
export type LedgerEvent = z.infer<typeof LedgerEvent>;

/** Every event type the credit-risk service publishes on risk.events.v1. */
export const RiskEventTypes = eventTypesOf(RiskTopic);
export type RiskEventType = (typeof RiskEventTypes)[number];
/** Any message of risk.events.v1, told apart by its CloudEvents `type`. */
export const RiskEvent = eventUnionOf(RiskTopic);
export type RiskEvent = z.infer<typeof RiskEvent>;

/** Every event type the dunning service publishes on dunning.events.v1. */
export const DunningEventTypes = eventTypesOf(DunningTopic);
export type DunningEventType = (typeof DunningEventTypes)[number];
/** Any message of dunning.events.v1, told apart by its CloudEvents `type`. */
export const DunningEvent = eventUnionOf(DunningTopic);
export type DunningEvent = z.infer<typeof DunningEvent>;

/** Every event type the notifications service publishes on notifications.events.v1. */
export const NotificationEventTypes = eventTypesOf(NotificationsTopic);
export type NotificationEventType = (typeof NotificationEventTypes)[number];
/** Any message of notifications.events.v1, told apart by its CloudEvents `type`. */
export const NotificationEvent = eventUnionOf(NotificationsTopic);
export type NotificationEvent = z.infer<typeof NotificationEvent>;
