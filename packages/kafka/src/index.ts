export type {
  GroupDescription,
  GroupTopicOffsets,
  KafkaAdmin,
  NewTopic,
  PartitionOffsets,
  TopicMetadata,
} from './admin.ts';
export { deadLetterKind } from './consumer/dead-letters.ts';
export {
  type ConsumerMetrics,
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
export { createKafka, type KafkaClient, type KafkaOptions, kafkaClientLibrary } from './kafka-client.ts';
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
export type { Headers, Message, ReceivedMessage, SentBatch, TopicMessages } from './messages.ts';
export { kafkaMigrations } from './migrations.ts';
export type { EventProducer } from './producer.ts';
export type { Reader, ReaderOptions, ReceivedBatch } from './reader.ts';
export { SEND_REQUEST_BYTES, sendInRequests } from './send-in-requests.ts';
export { ensureTopics, type TopicLayout, topicName } from './topics.ts';
