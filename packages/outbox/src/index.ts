export { type OutboxMessage, writeToOutbox } from './outbox.queries.ts';
export { outboxMigrations } from './migrations.ts';
export { OutboxRelay, type OutboxRelayOptions } from './outbox-relay.ts';
