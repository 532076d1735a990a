import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { baseConfigShape, ConfigError, databaseUrlVariable, parseConfig } from '../src/index.ts';

const schema = z.object({
  ...baseConfigShape({ port: 3001, schema: 'invoices' }),
  API_TOKEN: z.string().min(8),
});

describe('parseConfig', () => {
  it('applies the shared defaults', () => {
    const config = parseConfig(schema, { API_TOKEN: 'long-enough' });
    expect(config).toEqual({
      NODE_ENV: 'development',
      LOG_LEVEL: 'info',
      HOST: '127.0.0.1',
      PORT: 3001,
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/dunning',
      DB_SCHEMA: 'invoices',
      REDIS_URL: 'redis://127.0.0.1:6379',
      REDIS_CLUSTER_NODES: [],
      KAFKA_BROKERS: ['127.0.0.1:9092'],
      KAFKA_SSL: false,
      KAFKA_SSL_REJECT_UNAUTHORIZED: true,
      KAFKA_TOPIC_PREFIX: '',
      // Right for one broker.
      KAFKA_TOPIC_PARTITIONS: 3,
      KAFKA_REPLICATION_FACTOR: 1,
      KAFKA_MIN_INSYNC_REPLICAS: 1,
      CONSUMER_STALL_SECONDS: 60,
      DAY_MS: 86_400_000,
      RATE_LIMIT_PER_MINUTE: 60_000,
      CORS_ORIGINS: [],
      API_TOKEN: 'long-enough',
    });
  });

  it('coerces numbers, splits brokers and treats empty strings as unset', () => {
    const config = parseConfig(schema, {
      API_TOKEN: 'long-enough',
      PORT: '4000',
      DAY_MS: '1000',
      CONSUMER_STALL_SECONDS: '2.5',
      KAFKA_BROKERS: 'kafka-1:9092, kafka-2:9093,',
      KAFKA_TOPIC_PREFIX: 't42.',
      REDIS_CLUSTER_NODES: 'redis-1:6379, redis-2:6380',
      LOG_LEVEL: '',
    });
    expect(config.REDIS_CLUSTER_NODES).toEqual(['redis-1:6379', 'redis-2:6380']);
    expect(config.PORT).toBe(4000);
    expect(config.DAY_MS).toBe(1000);
    expect(config.CONSUMER_STALL_SECONDS).toBe(2.5);
    expect(config.KAFKA_BROKERS).toEqual(['kafka-1:9092', 'kafka-2:9093']);
    expect(config.KAFKA_TOPIC_PREFIX).toBe('t42.');
    expect(config.LOG_LEVEL).toBe('info');
  });

  it('lists every failing variable, one per line, without echoing values', () => {
    const error = captureError(() =>
      parseConfig(schema, {
        PORT: 'eighty',
        DB_SCHEMA: 'Invoices-Schema',
        DAY_MS: '-5',
        CONSUMER_STALL_SECONDS: '0',
        NODE_ENV: 'staging',
        KAFKA_BROKERS: 'no-port',
        DATABASE_URL: 'mysql://secret-password@db/x',
      }),
    );
    expect(error).toBeInstanceOf(ConfigError);
    const lines = error.message.split('\n');
    expect(lines[0]).toBe('Invalid configuration:');
    const variables = lines.slice(1).map((line) => line.trim().split(':')[0]);
    expect(variables.sort()).toEqual(
      [
        'API_TOKEN',
        'CONSUMER_STALL_SECONDS',
        'DATABASE_URL',
        'DAY_MS',
        'DB_SCHEMA',
        'KAFKA_BROKERS.0',
        'NODE_ENV',
        'PORT',
      ].sort(),
    );
    expect(error.message).toMatch(/DB_SCHEMA: must be a lowercase SQL identifier/);
    expect(error.message).not.toContain('secret-password');
  });

  it("takes a service's own database variable over the shared DATABASE_URL, and falls back to it", () => {
    expect(databaseUrlVariable('invoices')).toBe('INVOICES_DATABASE_URL');
    expect(databaseUrlVariable('credit-risk')).toBe('CREDIT_RISK_DATABASE_URL');
    const env = {
      API_TOKEN: 'long-enough',
      DATABASE_URL: 'postgres://shared:5432/dunning',
      CREDIT_RISK_DATABASE_URL: 'postgres://risk-db:5432/risk',
      INVOICES_DATABASE_URL: '',
    };
    expect(parseConfig(schema, env, { service: 'credit-risk' }).DATABASE_URL).toBe(
      'postgres://risk-db:5432/risk',
    );
    // Empty counts as unset, as for every variable.
    expect(parseConfig(schema, env, { service: 'invoices' }).DATABASE_URL).toBe(
      'postgres://shared:5432/dunning',
    );
    // Another service's variable is not this one's.
    expect(parseConfig(schema, env, { service: 'dunning' }).DATABASE_URL).toBe(
      'postgres://shared:5432/dunning',
    );
    expect(parseConfig(schema, env).DATABASE_URL).toBe('postgres://shared:5432/dunning');
  });
});

function captureError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    return error as ConfigError;
  }
  throw new Error('expected an error');
}
