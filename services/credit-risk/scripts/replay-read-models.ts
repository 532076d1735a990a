// Rebuilds the risk profile tables from ledger.events.v1 and dunning.events.v1 (the service stopped).
// Same environment as the service (DATABASE_URL, DB_SCHEMA, KAFKA_BROKERS, KAFKA_TOPIC_PREFIX, DAY_MS).
//   node services/credit-risk/scripts/replay-read-models.ts
import { runReplayCommand } from '@dunning/service-host';
import { loadConfig } from '../src/config.ts';
import { creditRiskReadModels } from '../src/read-models.ts';

const config = loadConfig();
await runReplayCommand('credit-risk', config, creditRiskReadModels(config));
