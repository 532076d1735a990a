import { accessSync, constants, readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import type { SASLOptions } from 'kafkajs';
import { z } from 'zod';

const flag = z.enum(['0', '1', 'true', 'false']).transform((value) => value === '1' || value === 'true');
const path = z.string().min(1);

export const saslMechanisms = ['plain', 'scram-sha-256', 'scram-sha-512'] as const;

/**
 * How the Kafka clients reach a secured cluster: TLS (optionally mutual) and SASL. Spread into a
 * config's `z.object`; `kafkaSecurityIssues` checks the fields against each other afterwards.
 */
export const kafkaSecurityShape = {
  KAFKA_SSL: flag.default(false),
  // PEM files; without a CA file the system's trusted CAs verify the brokers.
  KAFKA_SSL_CA_FILE: path.optional(),
  KAFKA_SSL_CERT_FILE: path.optional(),
  KAFKA_SSL_KEY_FILE: path.optional(),
  KAFKA_SSL_REJECT_UNAUTHORIZED: flag.default(true),
  KAFKA_SASL_MECHANISM: z.enum(saslMechanisms).optional(),
  KAFKA_SASL_USERNAME: z.string().min(1).optional(),
  KAFKA_SASL_PASSWORD: z.string().min(1).optional(),
  // A file holding the password (a mounted secret), instead of KAFKA_SASL_PASSWORD.
  KAFKA_SASL_PASSWORD_FILE: path.optional(),
};

const kafkaSecuritySchema = z.object(kafkaSecurityShape);
export type KafkaSecurityConfig = z.output<typeof kafkaSecuritySchema>;

/** A variable whose value does not fit the others; the message never quotes a value. */
export type KafkaSecurityIssue = { variable: string; message: string };

/** What kafkajs takes to reach a secured cluster (`ssl`, `sasl` of its client config). */
export interface KafkaSecurity {
  ssl?: ConnectionOptions | boolean;
  sasl?: SASLOptions;
}

const fileVariables = [
  'KAFKA_SSL_CA_FILE',
  'KAFKA_SSL_CERT_FILE',
  'KAFKA_SSL_KEY_FILE',
  'KAFKA_SASL_PASSWORD_FILE',
] as const;

/** Cross-field checks: what one variable needs from the others, and that named files are readable. */
export function kafkaSecurityIssues(config: KafkaSecurityConfig): KafkaSecurityIssue[] {
  const issues: KafkaSecurityIssue[] = [];
  const issue = (variable: string, message: string) => issues.push({ variable, message });
  const mechanism = config.KAFKA_SASL_MECHANISM;
  if (mechanism) {
    if (!config.KAFKA_SASL_USERNAME)
      issue('KAFKA_SASL_USERNAME', `required with KAFKA_SASL_MECHANISM=${mechanism}`);
    if (!config.KAFKA_SASL_PASSWORD && !config.KAFKA_SASL_PASSWORD_FILE) {
      issue(
        'KAFKA_SASL_PASSWORD',
        `required with KAFKA_SASL_MECHANISM=${mechanism} (or KAFKA_SASL_PASSWORD_FILE)`,
      );
    }
  } else {
    const set = (['KAFKA_SASL_USERNAME', 'KAFKA_SASL_PASSWORD', 'KAFKA_SASL_PASSWORD_FILE'] as const).filter(
      (variable) => config[variable],
    );
    if (set.length > 0) issue('KAFKA_SASL_MECHANISM', `required when ${set.join(', ')} is set`);
  }
  if (config.KAFKA_SASL_PASSWORD && config.KAFKA_SASL_PASSWORD_FILE) {
    issue('KAFKA_SASL_PASSWORD_FILE', 'set either KAFKA_SASL_PASSWORD or KAFKA_SASL_PASSWORD_FILE, not both');
  }
  for (const variable of ['KAFKA_SSL_CA_FILE', 'KAFKA_SSL_CERT_FILE', 'KAFKA_SSL_KEY_FILE'] as const) {
    if (config[variable] && !config.KAFKA_SSL) issue(variable, 'needs KAFKA_SSL=true');
  }
  if (config.KAFKA_SSL_CERT_FILE && !config.KAFKA_SSL_KEY_FILE) {
    issue('KAFKA_SSL_KEY_FILE', 'required with KAFKA_SSL_CERT_FILE (mutual TLS needs both)');
  }
  if (config.KAFKA_SSL_KEY_FILE && !config.KAFKA_SSL_CERT_FILE) {
    issue('KAFKA_SSL_CERT_FILE', 'required with KAFKA_SSL_KEY_FILE (mutual TLS needs both)');
  }
  for (const variable of fileVariables) {
    const file = config[variable];
    if (!file) continue;
    try {
      accessSync(file, constants.R_OK);
    } catch {
      issue(variable, `cannot read the file ${file}`);
    }
  }
  if (
    issues.length === 0 &&
    config.KAFKA_SASL_PASSWORD_FILE &&
    readPassword(config.KAFKA_SASL_PASSWORD_FILE) === ''
  ) {
    issue('KAFKA_SASL_PASSWORD_FILE', 'the file is empty');
  }
  return issues;
}

// Secrets mounted as files usually end with a newline that is not part of the password.
const readPassword = (file: string) => readFileSync(file, 'utf8').replace(/\r?\n$/, '');

/** The kafkajs `ssl` and `sasl` options for a checked config; reads the named files. */
export function kafkaSecurityOptions(config: KafkaSecurityConfig): KafkaSecurity {
  const security: KafkaSecurity = {};
  if (config.KAFKA_SSL) {
    security.ssl = {
      rejectUnauthorized: config.KAFKA_SSL_REJECT_UNAUTHORIZED,
      ...(config.KAFKA_SSL_CA_FILE ? { ca: [readFileSync(config.KAFKA_SSL_CA_FILE)] } : {}),
      ...(config.KAFKA_SSL_CERT_FILE ? { cert: readFileSync(config.KAFKA_SSL_CERT_FILE) } : {}),
      ...(config.KAFKA_SSL_KEY_FILE ? { key: readFileSync(config.KAFKA_SSL_KEY_FILE) } : {}),
    };
  }
  const { KAFKA_SASL_MECHANISM: mechanism, KAFKA_SASL_USERNAME: username } = config;
  if (mechanism && username) {
    const password = config.KAFKA_SASL_PASSWORD_FILE
      ? readPassword(config.KAFKA_SASL_PASSWORD_FILE)
      : (config.KAFKA_SASL_PASSWORD ?? '');
    security.sasl = { mechanism, username, password } as SASLOptions;
  }
  return security;
}

/** Thrown by `kafkaSecurityFromEnv`; one line per failing variable, never a value. */
export class KafkaSecurityConfigError extends Error {
  readonly issues: readonly KafkaSecurityIssue[];
  constructor(issues: readonly KafkaSecurityIssue[]) {
    super(
      ['Invalid Kafka security configuration:', ...issues.map((i) => `  ${i.variable}: ${i.message}`)].join(
        '\n',
      ),
    );
    this.name = 'KafkaSecurityConfigError';
    this.issues = issues;
  }
}

/**
 * For tools without a service config (simulator, bench, scripts): parses and checks only the
 * Kafka security variables. Services get the same fields through their config instead.
 */
export function kafkaSecurityFromEnv(env: Readonly<Record<string, string | undefined>>): KafkaSecurity {
  const input = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const parsed = kafkaSecuritySchema.safeParse(input);
  if (!parsed.success) {
    throw new KafkaSecurityConfigError(
      parsed.error.issues.map((i) => ({ variable: i.path.map(String).join('.'), message: i.message })),
    );
  }
  const issues = kafkaSecurityIssues(parsed.data);
  if (issues.length > 0) throw new KafkaSecurityConfigError(issues);
  return kafkaSecurityOptions(parsed.data);
}
