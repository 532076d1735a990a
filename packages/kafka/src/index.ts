export {
  type EventConsumer,
  type EventConsumerOptions,
  startEventConsumer,
} from './consumer/event-consumer.ts';
export type {
  ChunkContext,
  ChunkHandler,
  EventContext,
  EventHandler,
  HandlerOutcome,
} from './consumer/handler.ts';
export { planWaves, type Wave, type WavePlanOptions } from './consumer/ordered-waves.ts';
export type { PartitionStall } from './consumer/partition-progress.ts';
export { claimEventIds } from './consumer/processed-events.queries.ts';
export { RejectedEventError } from './consumer/rejected-event-error.ts';
export { createKafka, type KafkaOptions } from './kafka-client.ts';
export {
  type KafkaSecurity,
  type KafkaSecurityConfig,
  KafkaSecurityConfigError,
  type KafkaSecurityIssue,
  kafkaSecurityFromEnv,
  kafkaSecurityIssues,
  kafkaSecurityOptions,
  kafkaSecurityShape,
  saslMechanisms,
} from './kafka-security.ts';
export { kafkaMigrations } from './migrations.ts';
export { createIdempotentProducer, type EventProducer } from './producer.ts';
export { SEND_REQUEST_BYTES, sendInRequests } from './send-in-requests.ts';
export { ensureTopics, topicName } from './topics.ts';
