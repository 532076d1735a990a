import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * A private single-node Kafka with authenticated listeners, for tests of the clients' TLS and
 * SASL settings: SASL_PLAINTEXT (PLAIN) and SASL_SSL (PLAIN, SCRAM-SHA-512, client
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

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
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

/** Starts the broker (about 10-40 s here); `users` get both PLAIN and SCRAM-SHA-512 credentials. */
export async function startSecuredKafka(users: Record<string, string>): Promise<SecuredKafka> {
  const dir = mkdtempSync(join(tmpdir(), 'secured-kafka-'));
  const varDir = join(dir, 'var');
  mkdirSync(varDir);
  const [port, controller, saslPort, sslPort] = [
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
  ];
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
  const listeners = `PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controller},SASL_PLAINTEXT://127.0.0.1:${saslPort},SASL_SSL://127.0.0.1:${sslPort}`;
  const properties = [
    `listeners=${listeners}`,
    `advertised.listeners=${listeners}`,
    'listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT,SASL_SSL:SASL_SSL',
    'listener.name.sasl_plaintext.sasl.enabled.mechanisms=PLAIN',
    `listener.name.sasl_plaintext.plain.sasl.jaas.config=${plain}`,
    'listener.name.sasl_ssl.sasl.enabled.mechanisms=PLAIN,SCRAM-SHA-512',
    `listener.name.sasl_ssl.plain.sasl.jaas.config=${plain}`,
    `listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=${scram}`,
    'listener.name.sasl_ssl.ssl.keystore.type=PEM',
    `listener.name.sasl_ssl.ssl.keystore.location=${join(dir, 'broker.pem')}`,
    'listener.name.sasl_ssl.ssl.truststore.type=PEM',
    `listener.name.sasl_ssl.ssl.truststore.location=${join(dir, 'ca.pem')}`,
    'listener.name.sasl_ssl.ssl.client.auth=required',
  ];
  writeFileSync(join(dir, 'extra.properties'), `${properties.join('\n')}\n`);

  // The jars of the development broker, when there are some, spare a Maven resolve.
  const libs = join(root, 'var', 'kafka', 'libs');
  if (existsSync(libs)) symlinkSync(libs, join(varDir, 'libs'));
  // A fresh cluster id without starting a JVM for it (16 random bytes, base64url, as Kafka's).
  writeFileSync(join(varDir, 'cluster.id'), randomBytes(16).toString('base64url'));

  const env = {
    ...process.env,
    KAFKA_PORT: String(port),
    KAFKA_CONTROLLER_PORT: String(controller),
    KAFKA_VAR_DIR: varDir,
    KAFKA_EXTRA_PROPERTIES: join(dir, 'extra.properties'),
    KAFKA_START_TIMEOUT: '90',
  };
  const stop = async () => {
    await run('bash', [join(root, 'infra/kafka/stop.sh')], { env, timeout: 60_000 });
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await run('bash', [join(root, 'infra/kafka/start.sh')], { env, timeout: 120_000 });
    for (const [user, password] of Object.entries(users)) {
      await run(
        process.env.JAVA ?? 'java',
        [
          '-Xmx128m',
          '-XX:+UseSerialGC',
          '-XX:TieredStopAtLevel=1',
          '-cp',
          `${join(varDir, 'libs')}/*`,
          'org.apache.kafka.tools.ConfigCommand',
          '--bootstrap-server',
          `127.0.0.1:${port}`,
          '--alter',
          '--entity-type',
          'users',
          '--entity-name',
          user,
          '--add-config',
          `SCRAM-SHA-512=[password=${password}]`,
        ],
        { timeout: 60_000 },
      );
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
