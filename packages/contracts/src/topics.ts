/** Kafka topics of the platform; each service publishes its own facts on its own topic. */
export const Topics = {
  erpEvents: 'erp.events.v1',
  ledgerEvents: 'ledger.events.v1',
  riskEvents: 'risk.events.v1',
  dunningEvents: 'dunning.events.v1',
  notificationsEvents: 'notifications.events.v1',
} as const;

export type TopicName = (typeof Topics)[keyof typeof Topics];

export type DlqTopicName = `${TopicName}.dlq`;

/**
 * The dead-letter topic where messages of `topic` that fail validation go, with the reason. Any topic
 * name is accepted, since deployments and test runs may prefix the names above.
 */
export function dlqTopic<T extends string>(topic: T): `${T}.dlq` {
  return `${topic}.dlq`;
}
