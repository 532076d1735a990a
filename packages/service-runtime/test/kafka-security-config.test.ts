import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kafkaSecurityFromEnv, kafkaSecurityOptions } from '@dunning/kafka';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { baseConfigShape, ConfigError, parseConfig } from '../src/index.ts';

const schema = z.object(baseConfigShape({ port: 3000, schema: 'test' }));
const secret = 'do-not-print-this-password';
const dir = mkdtempSync(join(tmpdir(), 'kafka-security-'));
const file = (name: string, content: string) => {
  writeFileSync(join(dir, name), content);
  return join(dir, name);
};

function issuesOf(env: Record<string, string>) {
  try {
    parseConfig(schema, env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).not.toContain(secret);
    return (error as ConfigError).issues.map((issue) => issue.variable);
  }
  throw new Error('expected a ConfigError');
}

describe('Kafka TLS and SASL settings', () => {
  it('default to a plaintext connection without SASL', () => {
    const config = parseConfig(schema, {});
    expect(config.KAFKA_SSL).toBe(false);
    expect(kafkaSecurityOptions(config)).toEqual({});
  });

  it('name the variable that is missing or inconsistent, never the password', () => {
    expect(issuesOf({ KAFKA_SASL_MECHANISM: 'scram-sha-256', KAFKA_SASL_PASSWORD: secret })).toEqual([
      'KAFKA_SASL_USERNAME',
    ]);
    expect(issuesOf({ KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'svc' })).toEqual([
      'KAFKA_SASL_PASSWORD',
    ]);
    expect(issuesOf({ KAFKA_SASL_USERNAME: 'svc', KAFKA_SASL_PASSWORD: secret })).toEqual([
      'KAFKA_SASL_MECHANISM',
    ]);
    expect(issuesOf({ KAFKA_SASL_MECHANISM: 'gssapi', KAFKA_SASL_PASSWORD: secret })).toEqual([
      'KAFKA_SASL_MECHANISM',
    ]);
    expect(
      issuesOf({
        KAFKA_SASL_MECHANISM: 'plain',
        KAFKA_SASL_USERNAME: 'svc',
        KAFKA_SASL_PASSWORD: secret,
        KAFKA_SASL_PASSWORD_FILE: file('both', secret),
      }),
    ).toEqual(['KAFKA_SASL_PASSWORD_FILE']);
    expect(issuesOf({ KAFKA_SSL: 'yes' })).toEqual(['KAFKA_SSL']);
    expect(issuesOf({ KAFKA_SSL_CA_FILE: file('ca.pem', 'ca') })).toEqual(['KAFKA_SSL_CA_FILE']);
    expect(issuesOf({ KAFKA_SSL: 'true', KAFKA_SSL_CERT_FILE: file('cert.pem', 'cert') })).toEqual([
      'KAFKA_SSL_KEY_FILE',
    ]);
    expect(issuesOf({ KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: join(dir, 'missing.pem') })).toEqual([
      'KAFKA_SSL_CA_FILE',
    ]);
    expect(
      issuesOf({
        KAFKA_SASL_MECHANISM: 'plain',
        KAFKA_SASL_USERNAME: 'svc',
        KAFKA_SASL_PASSWORD_FILE: file('empty', '\n'),
      }),
    ).toEqual(['KAFKA_SASL_PASSWORD_FILE']);
  });

  it('build the Kafka client options, reading the PEM files and the password file without its newline', () => {
    const config = parseConfig(schema, {
      KAFKA_SSL: 'true',
      KAFKA_SSL_CA_FILE: file('ca.pem', 'CA PEM'),
      KAFKA_SSL_CERT_FILE: file('client.crt', 'CERT PEM'),
      KAFKA_SSL_KEY_FILE: file('client.key', 'KEY PEM'),
      KAFKA_SSL_REJECT_UNAUTHORIZED: 'false',
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: 'svc',
      KAFKA_SASL_PASSWORD_FILE: file('password', `${secret}\n`),
    });
    const { ssl, sasl } = kafkaSecurityOptions(config);
    expect(sasl).toEqual({ mechanism: 'scram-sha-512', username: 'svc', password: secret });
    expect(ssl).toMatchObject({ rejectUnauthorized: false });
    const tls = ssl as { ca: Buffer[]; cert: Buffer; key: Buffer };
    expect([tls.ca[0]!.toString(), tls.cert.toString(), tls.key.toString()]).toEqual([
      'CA PEM',
      'CERT PEM',
      'KEY PEM',
    ]);
  });

  it('are read the same way by tools without a service config', () => {
    expect(kafkaSecurityFromEnv({ KAFKA_SSL: 'true' })).toEqual({ ssl: { rejectUnauthorized: true } });
    expect(() =>
      kafkaSecurityFromEnv({ KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_PASSWORD: secret }),
    ).toThrow(/KAFKA_SASL_USERNAME: required with KAFKA_SASL_MECHANISM=plain/);
  });
});
