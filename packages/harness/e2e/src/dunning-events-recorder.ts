import { DunningEvent, Topics } from '@dunning/contracts';
import { createKafka, topicName } from '@dunning/kafka';
import { testInfra, testLogger } from '@dunning/testing';
import type { PlatformUnderTest } from './platform-under-test.ts';

export interface DunningEventsRecorder {
  /** Every event read from dunning.events.v1, parsed against its contract, in arrival order. */
  readonly events: DunningEvent[];
  /** The events of one type, one per event id (Kafka may deliver an id more than once). */
  distinct<T extends DunningEvent['type']>(type: T): Extract<DunningEvent, { type: T }>[];
  stop(): Promise<void>;
}

/** Reads what the dunning service publishes, as its consumers (notifications, credit-risk) see it. */
export async function recordDunningEvents(platform: PlatformUnderTest): Promise<DunningEventsRecorder> {
  const kafka = createKafka({
    brokers: testInfra().kafkaBrokers,
    clientId: 'e2e-dunning-events',
    logger: testLogger('e2e-recorder'),
  });
  const events: DunningEvent[] = [];
  const reader = await kafka.reader({
    groupId: `${platform.topicPrefix}e2e-dunning-events`,
    topics: [topicName(platform.topicPrefix, Topics.dunningEvents)],
    onMessage: (message) => {
      if (message.value) events.push(DunningEvent.parse(JSON.parse(message.value.toString())));
    },
  });
  return {
    events,
    distinct<T extends DunningEvent['type']>(type: T) {
      const byId = new Map<string, Extract<DunningEvent, { type: T }>>();
      for (const event of events) {
        if (event.type === type) byId.set(event.id, event as Extract<DunningEvent, { type: T }>);
      }
      return [...byId.values()];
    },
    stop: () => reader.stop(),
  };
}
