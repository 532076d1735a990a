import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createKafka } from '@dunning/kafka';
import { freePort } from './free-port.ts';
import { waitFor } from './wait-for.ts';

const execFileAsync = promisify(execFile);
const root = fileURLToPath(new URL('../../../', import.meta.url));

export interface PrivateKafkaOptions {
  /** A directory of the caller's for the broker's data, logs and configuration. */
  dir: string;
  /** Lines appended to the broker's server.properties (later keys win), e.g. more listeners. */
  extraProperties?: (ports: { port: number; controllerPort: number }) => string[];
  startTimeoutSeconds?: number;
}

export interface PrivateKafka {
  /** Its plain listener. */
  broker: string;
  /** The broker's jars, for running Kafka's own tools against it. */
  libsDir: string;
  /** kill -9 of the broker, then a start on the same data (log recovery included). */
  killAndRestart(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A single-node Kafka of one test alone (own ports and data), started by the platform's own infra
 * script, so stopping or killing it disturbs no other test. It shares the jars the development
 * broker resolved, when there are some, sparing a Maven resolve.
 */
export async function startPrivateKafka(options: PrivateKafkaOptions): Promise<PrivateKafka> {
  const varDir = join(options.dir, 'kafka');
  mkdirSync(varDir, { recursive: true });
  const libsDir = join(varDir, 'libs');
  const sharedLibs = join(root, 'var/kafka/libs');
  if (existsSync(join(sharedLibs, '.resolved')) && !existsSync(libsDir)) symlinkSync(sharedLibs, libsDir);
  writeFileSync(join(varDir, 'cluster.id'), clusterId());
  const port = await freePort();
  const controllerPort = await freePort();
  const env: Record<string, string> = {
    KAFKA_PORT: String(port),
    KAFKA_CONTROLLER_PORT: String(controllerPort),
    KAFKA_VAR_DIR: varDir,
    KAFKA_START_TIMEOUT: String(options.startTimeoutSeconds ?? 120),
    // Readiness is probed here, with a client already loaded: a probing JVM on a saturated machine
    // (the fault suite) took longer than the script's probe timeout, again and again.
    KAFKA_READY_PROBE: 'port',
  };
  const extra = options.extraProperties?.({ port, controllerPort });
  if (extra) {
    env.KAFKA_EXTRA_PROPERTIES = join(varDir, 'extra.properties');
    writeFileSync(env.KAFKA_EXTRA_PROPERTIES, `${extra.join('\n')}\n`);
  }
  const script = (name: string) =>
    execFileAsync('bash', [join(root, 'infra/kafka', name)], {
      env: { ...process.env, ...env },
      timeout: ((options.startTimeoutSeconds ?? 120) + 60) * 1000,
    });
  const stop = async () => {
    await script('stop.sh').catch(() => {});
  };
  const broker = `127.0.0.1:${port}`;
  const start = async () => {
    await script('start.sh');
    await untilAnswering(broker, (options.startTimeoutSeconds ?? 120) * 1000);
  };
  try {
    await start();
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    broker,
    libsDir,
    async killAndRestart() {
      const pid = Number(readFileSync(join(varDir, 'kafka.pid'), 'utf8'));
      process.kill(pid, 'SIGKILL');
      while (isAlive(pid)) await new Promise((resolve) => setTimeout(resolve, 50));
      await start();
    },
    stop,
  };
}

/**
 * A fresh cluster id without starting a JVM for it: 16 random bytes in base64url, as Kafka's own. Like
 * Kafka's, never one starting with "-", which the storage tool would read as an option.
 */
export function clusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

/** Until an admin round trip (listing topics) succeeds: the port opens before metadata is loaded. */
async function untilAnswering(broker: string, timeoutMs: number): Promise<void> {
  const admin = createKafka({ brokers: [broker], clientId: 'private-kafka-probe', retries: 0 }).admin();
  try {
    await waitFor(
      async () => {
        await admin.connect();
        await admin.listTopics();
        return true;
      },
      { timeoutMs, intervalMs: 500, what: `Kafka at ${broker} to answer` },
    );
  } finally {
    await admin.disconnect().catch(() => {});
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
