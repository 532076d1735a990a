import { createKafka, kafkaSecurityOptions } from '@dunning/kafka';
import { createPool } from '@dunning/pg';
import { type BaseConfig, createLogger } from '@dunning/service-runtime';
import {
  type ReadModelSource,
  ReplayRefusedError,
  type ReplaySummary,
  replayReadModels,
} from './replay-read-models.ts';
import type { HostConfig } from './service-host.ts';

export interface ReadModels {
  tables: string[];
  // biome-ignore lint/suspicious/noExplicitAny: sources of different event types side by side
  sources: ReadModelSource<any>[];
}

function describe(summary: ReplaySummary): string {
  const topics = Object.entries(summary.perTopic)
    .map(([topic, count]) => `${topic} ${count}`)
    .join(', ');
  const perSecond =
    summary.durationMs > 0 ? Math.round((summary.events * 1000) / summary.durationMs) : summary.events;
  return (
    `${summary.events} events read (${topics || 'no events'}): ${summary.applied} applied, ${summary.skipped} ` +
    `skipped, ${summary.invalid} invalid, ${summary.rejected} rejected; ${(summary.durationMs / 1000).toFixed(1)} s, ` +
    `${perSecond} events/s`
  );
}

/**
 * The whole of a service's `scripts/replay-read-models.ts`: rebuilds the read models from Kafka and
 * prints a summary. Exit code 0 when rebuilt, 2 when refused (nothing changed), 1 on failure.
 */
export async function runReplayCommand(
  service: string,
  config: HostConfig & Pick<BaseConfig, 'KAFKA_TOPIC_PREFIX' | 'LOG_LEVEL'>,
  readModels: ReadModels,
): Promise<void> {
  const logger = createLogger({ name: `${service}-replay`, level: config.LOG_LEVEL });
  const kafka = createKafka({
    brokers: config.KAFKA_BROKERS,
    clientId: `${service}-replay`,
    logger,
    security: kafkaSecurityOptions(config),
  });
  const pool = createPool({
    connectionString: config.DATABASE_URL,
    schema: config.DB_SCHEMA,
    applicationName: `${service}-replay`,
    max: 2,
  });
  console.log(
    `replaying ${service} read models (${readModels.tables.join(', ')}) in schema ${config.DB_SCHEMA}`,
  );
  try {
    const summary = await replayReadModels({
      service,
      kafka,
      pool,
      logger,
      ...readModels,
      replayGroupId: `${config.KAFKA_TOPIC_PREFIX}${service}.replay-${Date.now()}`,
      progress: (s) => console.log(`  ${s.events} events read, ${s.applied} applied`),
    });
    console.log(`rebuilt: ${describe(summary)}`);
    console.log(`summary ${JSON.stringify(summary)}`);
    process.exitCode = 0;
  } catch (error) {
    if (error instanceof ReplayRefusedError) {
      console.error(`refused: ${error.message}. Nothing was changed.`);
      process.exitCode = 2;
    } else {
      console.error(`replay failed, nothing was changed: ${(error as Error).message}`);
      process.exitCode = 1;
    }
  } finally {
    await pool.end();
  }
}
