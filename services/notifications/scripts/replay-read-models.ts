// Rebuilds the customer directory from ledger.events.v1 (the service stopped). Same environment as the
// service (DATABASE_URL, DB_SCHEMA, KAFKA_BROKERS, KAFKA_TOPIC_PREFIX).
//   node services/notifications/scripts/replay-read-models.ts
import { runReplayCommand } from '@dunning/service-host';
import { loadConfig } from '../src/config.ts';
import { notificationsReadModels } from '../src/read-models.ts';

const config = loadConfig();
await runReplayCommand('notifications', config, notificationsReadModels(config));
