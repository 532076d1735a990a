// After a restore, the consumer groups' offsets in Kafka are ahead of the restored database: events
// applied after the backup would never be read again. Rewinding the groups to the earliest offset makes
// each service re-read its topics; processed_events, restored with the data, drops what was applied.
import { createKafka } from '@dunning/kafka';
import { fail } from './pg-tools.ts';

/** Every service's groups, or with `service` that service's alone (its ids start `<prefix><service>.`). */
export async function rewindConsumerGroups(topicPrefix: string, service?: string): Promise<void> {
  const brokers = process.env.KAFKA_BROKERS?.split(',');
  if (!brokers) fail('--rewind-consumers needs KAFKA_BROKERS');
  const admin = createKafka({ clientId: 'restore', brokers }).admin();
  await admin.connect();
  try {
    const groups = await admin.listGroups();
    // Replay groups are temporary and deleted when done; only the services' own groups are rewound.
    const start = service ? `${topicPrefix}${service}.` : topicPrefix;
    const ids = groups.filter((id) => id.startsWith(start) && !id.includes('.replay-'));
    const described = await admin.describeGroups(ids);
    const live = described.filter((group) => group.members.length > 0);
    if (live.length > 0) {
      fail(
        `consumer groups still have members (${live.map((g) => g.groupId).join(', ')}): stop the services, then rerun`,
      );
    }
    for (const groupId of ids) {
      const topics = (await admin.fetchOffsets(groupId)).map((t) => t.topic);
      for (const topic of topics) await admin.rewindOffsets(groupId, topic);
      console.log(`  rewound ${groupId} (${topics.join(', ')})`);
    }
    console.log(
      `rewound ${ids.length} consumer groups: each service re-reads its topics, applied events are skipped`,
    );
  } finally {
    await admin.disconnect();
  }
}
