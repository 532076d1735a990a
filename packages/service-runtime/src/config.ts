import { kafkaSecurityIssues, kafkaSecurityShape } from '@dunning/kafka';
import { z } from 'zod';
import { ConfigError, type ConfigIssue } from './config-error.ts';
import { withServiceDatabase } from './service-database.ts';

export type Env = Readonly<Record<string, string | undefined>>;

/**
 * Parses the environment with a zod schema. Output keys are the environment variable names
 * (`PORT`, `DATABASE_URL`, ...), never renamed, so a config value can be grepped back to its variable.
 * Empty strings count as unset: `FOO=` in a compose file must fall back to the default, not coerce to 0.
 * With `service`, that service's own database variable (`INVOICES_DATABASE_URL`) wins over the shared
 * `DATABASE_URL` (see `databaseUrlVariable`).
 */
export function parseConfig<S extends z.ZodType>(
  schema: S,
  env: Env = process.env,
  options: { service?: string } = {},
): z.output<S> {
  const effective = options.service ? withServiceDatabase(options.service, env) : env;
  const input = Object.fromEntries(
    Object.entries(effective).filter(([, value]) => value !== undefined && value !== ''),
  );
  const result = schema.safeParse(input);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => ({
        variable: issue.path.length > 0 ? issue.path.map(String).join('.') : '(root)',
        message: issue.message,
      })),
    );
  }
  const issues = crossFieldIssues(result.data);
  if (issues.length > 0) throw new ConfigError(issues);
  return result.data;
}

// Checks between fields of the shared shape, run for every config built on it (a service's own
// schema cannot forget them).
function crossFieldIssues(config: unknown): ConfigIssue[] {
  if (typeof config !== 'object' || config === null || !('KAFKA_SSL' in config)) return [];
  return [
    ...kafkaSecurityIssues(config as Parameters<typeof kafkaSecurityIssues>[0]),
    ...replicationIssues(config as { KAFKA_REPLICATION_FACTOR?: number; KAFKA_MIN_INSYNC_REPLICAS?: number }),
  ];
}

// A topic whose min.insync.replicas exceeds its replicas refuses every acks=all write.
function replicationIssues(config: {
  KAFKA_REPLICATION_FACTOR?: number;
  KAFKA_MIN_INSYNC_REPLICAS?: number;
}): ConfigIssue[] {
  const { KAFKA_REPLICATION_FACTOR: replicas, KAFKA_MIN_INSYNC_REPLICAS: minInsync } = config;
  if (replicas === undefined || minInsync === undefined || minInsync <= replicas) return [];
  return [
    {
      variable: 'KAFKA_MIN_INSYNC_REPLICAS',
      message: `must not exceed KAFKA_REPLICATION_FACTOR (${replicas}): no write could be acknowledged`,
    },
  ];
}

export const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof logLevels)[number];

const hostPortPattern = /^[^\s:,]+:\d{1,5}$/;

const splitList = (value: string) =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);

/** Config fields every service shares; spread into the service's own `z.object({...})`. */
export function baseConfigShape({ port, schema }: { port: number; schema: string }) {
  return {
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    LOG_LEVEL: z.enum(logLevels).default('info'),
    HOST: z.string().min(1).default('127.0.0.1'),
    PORT: z.coerce.number().int().min(0).max(65_535).default(port),
    DATABASE_URL: z
      .url({ protocol: /^postgres(ql)?$/ })
      .default('postgres://postgres@127.0.0.1:5432/dunning'),
    DB_SCHEMA: z
      .string()
      .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'must be a lowercase SQL identifier matching ^[a-z_][a-z0-9_]{0,62}$')
      .default(schema),
    REDIS_URL: z.url({ protocol: /^rediss?$/ }).default('redis://127.0.0.1:6379'),
    // A Redis Cluster's nodes (host:port, comma-separated; a few are enough to discover the rest).
    // Set: every Redis connection is a cluster client, with REDIS_URL's user, password and TLS only.
    REDIS_CLUSTER_NODES: z
      .string()
      .default('')
      .transform(splitList)
      .pipe(z.array(z.string().regex(hostPortPattern, 'each node must be host:port'))),
    KAFKA_BROKERS: z
      .string()
      .default('127.0.0.1:9092')
      .transform(splitList)
      .pipe(
        z
          .array(z.string().regex(hostPortPattern, 'each broker must be host:port'))
          .min(1, 'at least one broker is required'),
      ),
    // TLS (KAFKA_SSL, KAFKA_SSL_*_FILE) and SASL (KAFKA_SASL_*) for a secured cluster.
    ...kafkaSecurityShape,
    // Prefixes every topic name so parallel test runs do not share topics.
    KAFKA_TOPIC_PREFIX: z.string().default(''),
    // How the topics a service creates are laid out (existing topics are left as they are). The
    // defaults suit one broker; on three or more: replication factor 3, min.insync.replicas 2.
    KAFKA_TOPIC_PARTITIONS: z.coerce.number().int().min(1).max(1000).default(3),
    KAFKA_REPLICATION_FACTOR: z.coerce.number().int().min(1).max(32).default(1),
    KAFKA_MIN_INSYNC_REPLICAS: z.coerce.number().int().min(1).max(32).default(1),
    // How long a consumer's fetched events may wait uncommitted before the partition is reported as
    // stalled (a warning in the log and in GET /v1/ops/status).
    CONSUMER_STALL_SECONDS: z.coerce.number().positive().default(60),
    // Length of a business day in ms; tests shrink it to run dunning ladders in seconds.
    DAY_MS: z.coerce.number().int().positive().default(86_400_000),
    // Bearer key with every scope; held only as its SHA-256 once parsed.
    ADMIN_API_KEY: z.string().min(16, 'must be at least 16 characters').optional(),
    // JSON array of {name, sha256, scopes, collectorId?}: the other keys, hashed at rest.
    API_KEYS_FILE: z.string().min(1).optional(),
    RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(60_000),
    // Origins allowed to call from a browser; none by default (CORS closed).
    CORS_ORIGINS: z
      .string()
      .default('')
      .transform((value) =>
        value
          .split(',')
          .map((origin) => origin.trim())
          .filter((origin) => origin.length > 0),
      )
      .pipe(z.array(z.url())),
    // OTLP/HTTP collector (e.g. http://otel-collector:4318): traces are exported to <it>/v1/traces.
    // Unset: tracing off, no SDK started.
    OTEL_EXPORTER_OTLP_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
  };
}

const baseConfigSchema = z.object(baseConfigShape({ port: 0, schema: 'public' }));
export type BaseConfig = z.output<typeof baseConfigSchema>;
