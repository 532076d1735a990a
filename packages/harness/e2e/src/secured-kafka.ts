import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '@dunning/testing/free-port';
import { type PrivateKafka, startPrivateKafka } from '@dunning/testing/private-kafka';

const run = promisify(execFile);

/**
 * A private single-node Kafka with authenticated listeners, for tests of the clients' TLS and
 * SASL settings: SASL_PLAINTEXT (PLAIN) and SASL_SSL (PLAIN, SCRAM-SHA-256 and -512, client
 * certificate required) under a throwaway CA. Its plain listener serves only the start-up probe
 * and the SCRAM set-up.
 */
export interface SecuredKafka {
  saslPlaintext: string;
  saslSsl: string;
  /** PEM files: the CA that signed the broker, and a client certificate and key it accepts. */
  caFile: string;
  certFile: string;
  keyFile: string;
  stop(): Promise<void>;
}

async function makeCertificates(dir: string): Promise<void> {
  const openssl = (...args: string[]) => run('openssl', args, { cwd: dir, timeout: 30_000 });
  const key = (name: string, subject: string) =>
    openssl(
      'req',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.csr`,
      '-subj',
      subject,
    );
  const sign = async (name: string, extensions?: string) =>
    openssl(
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-days',
      '2',
      '-out',
      `${name}.crt`,
      ...(extensions ? ['-extfile', extensions] : []),
    );
  await openssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'ca.key',
    '-out',
    'ca.pem',
    '-days',
    '2',
    '-subj',
    '/CN=test-ca',
  );
  await Promise.all([key('broker', '/CN=127.0.0.1'), key('client', '/CN=platform-client')]);
  writeFileSync(join(dir, 'broker.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  await sign('broker', 'broker.ext');
  await sign('client');
}

/** Starts the broker (about 10-40 s here); `users` get PLAIN, SCRAM-SHA-256 and SCRAM-SHA-512 credentials. */
export async function startSecuredKafka(users: Record<string, string>): Promise<SecuredKafka> {
  const dir = mkdtempSync(join(tmpdir(), 'secured-kafka-'));
  const [saslPort, sslPort] = [await freePort(), await freePort()];
  await makeCertificates(dir);
  // Kafka's PEM key store: the unencrypted PKCS#8 key followed by its certificate.
  writeFileSync(
    join(dir, 'broker.pem'),
    Buffer.concat([readFileSync(join(dir, 'broker.key')), readFileSync(join(dir, 'broker.crt'))]),
  );

  const plain = `org.apache.kafka.common.security.plain.PlainLoginModule required ${Object.entries(users)
    .map(([user, password]) => `user_${user}="${password}"`)
    .join(' ')};`;
  const scram = 'org.apache.kafka.common.security.scram.ScramLoginModule required;';
  // The plain listener serves only the start-up probe and the SCRAM set-up.
  const properties = ({ port, controllerPort }: { port: number; controllerPort: number }) => {
    const listeners = `PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort},SASL_PLAINTEXT://127.0.0.1:${saslPort},SASL_SSL://127.0.0.1:${sslPort}`;
    return [
      `listeners=${listeners}`,
      `advertised.listeners=${listeners}`,
      'listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT,SASL_SSL:SASL_SSL',
      'listener.name.sasl_plaintext.sasl.enabled.mechanisms=PLAIN',
      `listener.name.sasl_plaintext.plain.sasl.jaas.config=${plain}`,
      'listener.name.sasl_ssl.sasl.enabled.mechanisms=PLAIN,SCRAM-SHA-256,SCRAM-SHA-512',
      `listener.name.sasl_ssl.plain.sasl.jaas.config=${plain}`,
      `listener.name.sasl_ssl.scram-sha-256.sasl.jaas.config=${scram}`,
      `listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=${scram}`,
      'listener.name.sasl_ssl.ssl.keystore.type=PEM',
      `listener.name.sasl_ssl.ssl.keystore.location=${join(dir, 'broker.pem')}`,
      'listener.name.sasl_ssl.ssl.truststore.type=PEM',
      `listener.name.sasl_ssl.ssl.truststore.location=${join(dir, 'ca.pem')}`,
      'listener.name.sasl_ssl.ssl.client.auth=required',
    ];
  };

  let kafka: PrivateKafka | undefined;
  const stop = async () => {
    await kafka?.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    kafka = await startPrivateKafka({ dir, extraProperties: properties, startTimeoutSeconds: 90 });
    // One mechanism per request: the broker refuses to alter a user's credentials twice in one.
    for (const [user, password] of Object.entries(users)) {
      for (const mechanism of ['SCRAM-SHA-256', 'SCRAM-SHA-512']) {
        await run(
          process.env.JAVA ?? 'java',
          [
            '-Xmx128m',
            '-XX:+UseSerialGC',
            '-XX:TieredStopAtLevel=1',
            '-cp',
            `${kafka.libsDir}/*`,
            'org.apache.kafka.tools.ConfigCommand',
            '--bootstrap-server',
            kafka.broker,
            '--alter',
            '--entity-type',
            'users',
            '--entity-name',
            user,
            '--add-config',
            `${mechanism}=[password=${password}]`,
          ],
          { timeout: 60_000 },
        );
      }
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    saslPlaintext: `127.0.0.1:${saslPort}`,
    saslSsl: `127.0.0.1:${sslPort}`,
    caFile: join(dir, 'ca.pem'),
    certFile: join(dir, 'client.crt'),
    keyFile: join(dir, 'client.key'),
    stop,
  };
}
