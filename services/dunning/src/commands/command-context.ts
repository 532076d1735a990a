import { createEvent, type KnownEventType, Topics } from '@dunning/contracts';
import { topicName } from '@dunning/kafka';
import { type OutboxMessage, writeToOutbox } from '@dunning/outbox';
import type pg from 'pg';
import type { DunningConfig } from '../config.ts';
import type { PlanningClock } from '../domain/plan-steps.ts';

/** What every dunning use case runs on: config, the clock, and the outbox. */
export interface CommandContext {
  config: DunningConfig;
  now: () => Date;
}

export const DUNNING_SOURCE = '/services/dunning';

type DataOf<T extends KnownEventType> = Parameters<typeof createEvent<T>>[0]['data'];

/** One dunning fact as an outbox message (keyed by customer), for callers that write several at once. */
export function dunningMessage<T extends KnownEventType>(
  context: CommandContext,
  type: T,
  customerId: string,
  data: DataOf<T>,
  options: { id?: string; subject?: string } = {},
): OutboxMessage {
  const event = createEvent({
    type,
    source: DUNNING_SOURCE,
    data,
    time: context.now().toISOString(),
    ...(options.id ? { id: options.id } : {}),
    ...(options.subject ? { subject: options.subject } : {}),
  });
  return {
    topic: topicName(context.config.KAFKA_TOPIC_PREFIX, Topics.dunningEvents),
    key: customerId,
    event,
  };
}

/** Publishes one dunning fact through the outbox, in the caller's transaction. */
export async function publish<T extends KnownEventType>(
  tx: pg.PoolClient,
  context: CommandContext,
  type: T,
  customerId: string,
  data: DataOf<T>,
  options: { id?: string; subject?: string } = {},
): Promise<void> {
  await writeToOutbox(tx, context.config.DB_SCHEMA, [
    dunningMessage(context, type, customerId, data, options),
  ]);
}

export function planningClock(config: DunningConfig, timeZone: string): PlanningClock {
  return {
    dayMs: config.DAY_MS,
    timeZone,
    sendWindow: config.sendWindowsOn
      ? {
          startHour: config.SEND_WINDOW_START_HOUR,
          endHour: config.SEND_WINDOW_END_HOUR,
          weekdays: config.SEND_WINDOW_WEEKDAYS,
        }
      : null,
  };
}
