import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createKafka } from '@dunning/kafka';
import { waitFor } from './wait-for.ts';

const execFileAsync = promisify(execFile);
const root = fileURLToPath(new URL('../../../', import.meta.url));

export interface KafkaNodeOptions {
  /** The node's own directory: data, logs, configuration, pid. */
  varDir: string;
  port: number;
  controllerPort: number;
  clusterId: string;
  /** With a quorum of several nodes: this node's id and every voter ("1@127.0.0.1:port,..."). */
  nodeId?: number;
  quorumVoters?: string;
  /** Lines appended to the node's server.properties (later keys win). */
  extraProperties?: string[];
  startTimeoutSeconds: number;
}

/** One Kafka process run by the platform's infra scripts (infra/kafka/start.sh and stop.sh). */
export interface KafkaNode {
  /** Its plain listener. */
  broker: string;
  /** The jars it runs from, for Kafka's own tools. */
  libsDir: string;
  /** Starts it (again) on its data and waits until the port answers. */
  start(): Promise<void>;
  /** kill -9, waiting until the process is gone. */
  kill(): Promise<void>;
  /** A controlled shutdown, forced after the script's grace period. */
  stop(): Promise<void>;
}

/**
 * Prepares a node's directory and returns its controls; nothing runs until `start`. It shares the jars
 * the development broker resolved, when there are some, sparing a Maven resolve.
 */
export function kafkaNode(options: KafkaNodeOptions): KafkaNode {
  const { varDir } = options;
  mkdirSync(varDir, { recursive: true });
  const libsDir = join(varDir, 'libs');
  const sharedLibs = join(root, 'var/kafka/libs');
  if (existsSync(join(sharedLibs, '.resolved')) && !existsSync(libsDir)) symlinkSync(sharedLibs, libsDir);
  writeFileSync(join(varDir, 'cluster.id'), options.clusterId);
  const env: Record<string, string> = {
    KAFKA_PORT: String(options.port),
    KAFKA_CONTROLLER_PORT: String(options.controllerPort),
    KAFKA_VAR_DIR: varDir,
    KAFKA_START_TIMEOUT: String(options.startTimeoutSeconds),
    // Readiness is probed by the caller, with a client already loaded: a probing JVM on a saturated
    // machine (the fault suite) took longer than the script's probe timeout, again and again.
    KAFKA_READY_PROBE: 'port',
    // The client compiler only, and one GC thread of each kind: a node's start and restart then cost
    // about 40 % less CPU (7.5 → 5 s here), which a loaded machine's test run waits on (a killed node
    // took 70-100 s to come back beside twelve service processes); a test's traffic never needs C2.
    KAFKA_JVM_EXTRA_OPTS: '-XX:TieredStopAtLevel=1 -XX:ParallelGCThreads=1 -XX:ConcGCThreads=1',
    ...(options.nodeId === undefined ? {} : { KAFKA_NODE_ID: String(options.nodeId) }),
    ...(options.quorumVoters === undefined ? {} : { KAFKA_QUORUM_VOTERS: options.quorumVoters }),
  };
  if (options.extraProperties) {
    env.KAFKA_EXTRA_PROPERTIES = join(varDir, 'extra.properties');
    writeFileSync(env.KAFKA_EXTRA_PROPERTIES, `${options.extraProperties.join('\n')}\n`);
  }
  const script = (name: string) =>
    execFileAsync('bash', [join(root, 'infra/kafka', name)], {
      env: { ...process.env, ...env },
      timeout: (options.startTimeoutSeconds + 60) * 1000,
    });
  return {
    broker: `127.0.0.1:${options.port}`,
    libsDir,
    async start() {
      await script('start.sh');
    },
    async kill() {
      const pid = Number(readFileSync(join(varDir, 'kafka.pid'), 'utf8'));
      if (!isAlive(pid)) return;
      process.kill(pid, 'SIGKILL');
      while (isAlive(pid)) await new Promise((resolve) => setTimeout(resolve, 50));
    },
    async stop() {
      await script('stop.sh').catch(() => {});
    },
  };
}

/**
 * Resolves the development broker's jars (var/kafka/libs) if they are not there yet, so that several
 * nodes started together share them instead of resolving one copy each.
 */
export async function resolveSharedJars(): Promise<void> {
  await execFileAsync('bash', [join(root, 'infra/kafka/jars.sh')], {
    env: { ...process.env, KAFKA_VAR_DIR: join(root, 'var/kafka') },
    timeout: 600_000,
  });
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

/**
 * Until an admin round trip succeeds (the port opens before metadata is loaded) and, when asked, the
 * cluster reports that many brokers.
 */
export async function untilAnswering(brokers: string[], timeoutMs: number, brokerCount = 1): Promise<void> {
  const admin = createKafka({ brokers, clientId: 'private-kafka-probe', retries: 0 }).admin();
  try {
    await waitFor(
      async () => {
        await admin.connect();
        await admin.listTopics();
        return (await admin.describeCluster()).brokers.length >= brokerCount;
      },
      {
        timeoutMs,
        intervalMs: 500,
        what: `Kafka at ${brokers.join(',')} to answer with ${brokerCount} brokers`,
      },
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
