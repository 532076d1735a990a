import type { InfraUrls } from './infra.ts';

/** Where Docker answers and no URLs are given, the same servers run as throwaway containers. */
export async function startContainers(): Promise<{ infra: InfraUrls; stop: () => Promise<void> }> {
  const [{ KafkaContainer }, { PostgreSqlContainer }, { RedisContainer }] = await Promise.all([
    import('@testcontainers/kafka'),
    import('@testcontainers/postgresql'),
    import('@testcontainers/redis'),
  ]);
  const [kafka, postgres, redis] = await Promise.all([
    new KafkaContainer('apache/kafka:4.1.1').withKraft().start(),
    new PostgreSqlContainer('postgres:15').start(),
    new RedisContainer('redis:7').start(),
  ]);
  return {
    infra: {
      kafkaBrokers: [`${kafka.getHost()}:${kafka.getMappedPort(9093)}`],
      databaseUrl: postgres.getConnectionUri(),
      redisUrl: redis.getConnectionUrl(),
    },
    stop: async () => {
      await Promise.all([kafka.stop(), postgres.stop(), redis.stop()]);
    },
  };
}
