export { outboxMigrations } from './migrations.ts';
export { type OutboxMessage, outboxChannel, writeToOutbox } from './outbox.queries.ts';
export { OutboxRelay, type OutboxRelayOptions } from './outbox-relay.ts';
