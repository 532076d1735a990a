export { outboxMigrations } from './migrations.ts';
export {
  type OutboxBacklog,
  type OutboxMessage,
  outboxBacklog,
  outboxChannel,
  writeBatchToOutbox,
  writeToOutbox,
} from './outbox.queries.ts';
export { OutboxRelay, type OutboxRelayOptions } from './outbox-relay.ts';
