import { databaseUrlVariable } from '@dunning/service-runtime';

/**
 * What differs between the platform's workloads on Kubernetes: sizes, replica bounds and the settings
 * each service is given. Sizes come from the benchmark (docs/benchmarks): each service's resident
 * memory peaked at 412-500 MB under the 1M-invoice run, so the request leaves headroom and the limit
 * stops a leak before it starves the node. A Node.js service runs its JavaScript on one thread, so
 * more than one core per replica buys little; scale out with replicas instead.
 */
export interface WorkloadSettings {
  name: string;
  port: number;
  /** The file the image runs (`node <main>`), relative to the image's working directory. */
  main: string;
  /** `node scripts/migrate.ts <name>` migrates its schema; the console migrates its own at start. */
  migrationJob: boolean;
  replicas: { min: number; max: number };
  resources: { cpu: string; cpuLimit: string; memory: string; memoryLimit: string };
  /** Settings from the shared ConfigMap plus these, service by service. */
  env: Record<string, string>;
  /** Environment variables read from the platform's Secret: variable -> key in the Secret. */
  secretEnv: Record<string, string>;
  /** The same, from keys the operator may leave out (the variable is then unset). */
  optionalSecretEnv?: Record<string, string>;
}

const serviceResources = { cpu: '250m', cpuLimit: '1', memory: '512Mi', memoryLimit: '1Gi' };

/**
 * A service's own database (`<SERVICE>_DATABASE_URL`, read before the shared `DATABASE_URL`), from the
 * Secret's optional key `<service>-database-url`: without that key the service uses the shared one.
 */
const ownDatabase = (name: string) => ({ [databaseUrlVariable(name)]: `${name}-database-url` });

/** The platform's Secret (not generated: created by the operator, see docs/deploy.md). */
export const platformSecretName = 'dunning-platform';

/** The keys the operator puts in that Secret. */
export const platformSecretKeys = {
  databaseUrl: 'database-url',
  adminApiKey: 'admin-api-key',
  smtpPassword: 'smtp-password',
  smsGatewayToken: 'sms-gateway-token',
  consoleAdminPassword: 'console-admin-password',
} as const;

/** Settings every workload shares, from the `dunning-platform` ConfigMap (edit there, not per pod). */
export const sharedEnv: Record<string, string> = {
  NODE_ENV: 'production',
  LOG_LEVEL: 'info',
  HOST: '0.0.0.0',
  KAFKA_BROKERS: 'kafka-0.kafka:9092,kafka-1.kafka:9092,kafka-2.kafka:9092',
  // Topics the services create: three copies on the three brokers, two of which must take a write, so
  // one broker may be down (a node drain, a crash) with nothing lost and writes going on.
  KAFKA_TOPIC_PARTITIONS: '3',
  KAFKA_REPLICATION_FACTOR: '3',
  KAFKA_MIN_INSYNC_REPLICAS: '2',
  REDIS_URL: 'redis://redis:6379',
  // A Redis Cluster's nodes (host:port,...) instead of REDIS_URL's server; empty: one Redis.
  REDIS_CLUSTER_NODES: '',
};

const sharedSecretEnv = {
  DATABASE_URL: platformSecretKeys.databaseUrl,
  ADMIN_API_KEY: platformSecretKeys.adminApiKey,
};

const service = (
  name: string,
  port: number,
  replicas: { min: number; max: number },
  env: Record<string, string> = {},
  secretEnv: Record<string, string> = {},
): WorkloadSettings => ({
  name,
  port,
  main: `services/${name}/src/main.ts`,
  migrationJob: true,
  replicas,
  resources: serviceResources,
  env,
  secretEnv: { ...sharedSecretEnv, ...secretEnv },
  optionalSecretEnv: ownDatabase(name),
});

export const workloads: readonly WorkloadSettings[] = [
  service('invoices', 3001, { min: 2, max: 6 }, { REPORTING_TIME_ZONE: 'UTC' }),
  service('credit-risk', 3002, { min: 2, max: 4 }),
  // Its replicas share the step timers in Redis; more than the topics' partitions add no consumers.
  service('dunning', 3003, { min: 2, max: 6 }, { SEND_WINDOWS: 'auto' }),
  service(
    'notifications',
    3004,
    { min: 2, max: 6 },
    {
      SMTP_HOST: 'smtp.example.com',
      SMTP_PORT: '587',
      SMTP_REQUIRE_TLS: 'true',
      SMTP_USER: 'dunning',
      MAIL_FROM: 'Accounts Receivable <ar@example.com>',
      SMS_GATEWAY_URL: 'https://sms.example.com/v1/messages',
    },
    { SMTP_PASSWORD: platformSecretKeys.smtpPassword, SMS_GATEWAY_TOKEN: platformSecretKeys.smsGatewayToken },
  ),
  {
    name: 'console',
    port: 3000,
    main: 'services/console/src/main.ts',
    migrationJob: false,
    replicas: { min: 2, max: 4 },
    resources: { cpu: '100m', cpuLimit: '1', memory: '256Mi', memoryLimit: '512Mi' },
    env: {
      INVOICES_URL: 'http://invoices:3001',
      CREDIT_RISK_URL: 'http://credit-risk:3002',
      DUNNING_URL: 'http://dunning:3003',
      NOTIFICATIONS_URL: 'http://notifications:3004',
      CONSOLE_ADMIN_USER: 'admin',
      CONSOLE_COOKIE_SECURE: 'true',
    },
    optionalSecretEnv: ownDatabase('console'),
    secretEnv: {
      DATABASE_URL: platformSecretKeys.databaseUrl,
      CONSOLE_API_KEY: platformSecretKeys.adminApiKey,
      CONSOLE_ADMIN_PASSWORD: platformSecretKeys.consoleAdminPassword,
    },
  },
];

/** Where the console is reached from outside, and the TLS certificate's Secret. */
export const consoleIngress = { host: 'console.example.com', tlsSecretName: 'console-tls' };
