import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { adminAuth, waitFor } from '@dunning/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  customerBody,
  getFound,
  invoiceBody,
  type PlatformUnderTest,
  platformUnderTest,
} from '../src/index.ts';
import { captureLogs } from '../src/log-capture.ts';
import { type SecuredKafka, startSecuredKafka } from '../src/secured-kafka.ts';

const user = 'platform';
const password = 'k4fka-Pa55word-of-the-test';
const wrongPassword = 'not-the-Pa55word-either';

describe('services on a Kafka cluster that requires SASL and TLS', () => {
  let broker: SecuredKafka;
  let platform: PlatformUnderTest;
  beforeAll(async () => {
    broker = await startSecuredKafka({ [user]: password });
  }, 150_000);
  afterAll(() => broker?.stop(), 90_000);
  afterEach(() => platform?.close());

  // PLAIN in the clear for one service, SCRAM (SHA-512, SHA-256) over mutual TLS for the others: all
  // listeners of the same broker, so the ledger's events cross from one to the others.
  const plainEnv = (pass: string) => ({
    KAFKA_BROKERS: broker.saslPlaintext,
    KAFKA_SASL_MECHANISM: 'plain',
    KAFKA_SASL_USERNAME: user,
    KAFKA_SASL_PASSWORD: pass,
  });
  const scramTlsEnv = (mechanism: 'scram-sha-256' | 'scram-sha-512' = 'scram-sha-512') => {
    const passwordFile = join(broker.caFile, '..', 'password');
    writeFileSync(passwordFile, `${password}\n`);
    return {
      KAFKA_BROKERS: broker.saslSsl,
      KAFKA_SSL: 'true',
      KAFKA_SSL_CA_FILE: broker.caFile,
      KAFKA_SSL_CERT_FILE: broker.certFile,
      KAFKA_SSL_KEY_FILE: broker.keyFile,
      KAFKA_SASL_MECHANISM: mechanism,
      KAFKA_SASL_USERNAME: user,
      KAFKA_SASL_PASSWORD_FILE: passwordFile,
    };
  };

  it('carries a posted invoice from invoices (SASL PLAIN) to dunning and credit-risk (SCRAM over mutual TLS)', async () => {
    const logs = captureLogs('debug');
    platform = platformUnderTest({
      env: {
        invoices: plainEnv(password),
        dunning: scramTlsEnv('scram-sha-512'),
        'credit-risk': scramTlsEnv('scram-sha-256'),
      },
      logger: logs.logger,
    });
    const invoices = await platform.startInvoices();
    const dunning = await platform.startDunning();
    const creditRisk = await platform.startCreditRisk();
    const put = await invoices.app.inject({
      headers: adminAuth,
      method: 'PUT',
      url: '/v1/customers/c-sasl',
      payload: customerBody(),
    });
    expect(put.statusCode).toBe(200);
    const posted = await invoices.app.inject({
      headers: adminAuth,
      method: 'POST',
      url: '/v1/invoices',
      payload: invoiceBody('inv-sasl', 'c-sasl'),
    });
    expect(posted.statusCode).toBe(201);
    const dunningCase = await waitFor(() => getFound(dunning.app, '/v1/invoices/inv-sasl/dunning'), {
      what: 'the dunning case of inv-sasl',
      timeoutMs: 30_000,
    });
    expect(dunningCase).toMatchObject({ invoiceId: 'inv-sasl', customerId: 'c-sasl', status: 'active' });
    const risk = await waitFor(() => getFound(creditRisk.app, '/v1/customers/c-sasl/risk'), {
      what: 'the risk profile of c-sasl',
      timeoutMs: 30_000,
    });
    expect(risk).toMatchObject({ customerId: 'c-sasl' });
    expect(logs.lines.length).toBeGreaterThan(0);
    expect(logs.linesWith(password)).toEqual([]);
  }, 90_000);

  it('refuses to start with a wrong password, saying why without the password', async () => {
    const logs = captureLogs('debug');
    platform = platformUnderTest({ env: { invoices: plainEnv(wrongPassword) }, logger: logs.logger });
    const started = Date.now();
    const error = await platform.startInvoices().then(
      () => undefined,
      (failure: unknown) => failure as Error,
    );
    expect(error).toBeInstanceOf(Error);
    expect(error!.message).toMatch(/SASL PLAIN authentication failed/);
    expect(`${error!.message}\n${error!.stack}`).not.toContain(wrongPassword);
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(logs.linesWith(wrongPassword)).toEqual([]);
    expect(logs.linesWith(password)).toEqual([]);
  }, 60_000);

  it('refuses a TLS connection without the client certificate', async () => {
    const { KAFKA_SSL_CERT_FILE: _cert, KAFKA_SSL_KEY_FILE: _key, ...withoutCertificate } = scramTlsEnv();
    const logs = captureLogs('warn');
    platform = platformUnderTest({ env: { invoices: withoutCertificate }, logger: logs.logger });
    await expect(platform.startInvoices()).rejects.toThrow(/Connection error/);
    expect(logs.linesWith('bad certificate').length).toBeGreaterThan(0);
    expect(logs.linesWith(password)).toEqual([]);
  }, 90_000);
});
