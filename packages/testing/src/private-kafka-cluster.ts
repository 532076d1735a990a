import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './free-port.ts';
import { clusterId, type KafkaNode, kafkaNode, resolveSharedJars, untilAnswering } from './kafka-node.ts';

// The same replication settings `infra/kafka/cluster.sh` gives its nodes.
const clusterProperties = fileURLToPath(new URL('../../../infra/kafka/cluster.properties', import.meta.url));

export interface PrivateKafkaClusterOptions {
  /** A directory of the caller's; each node gets node-N/ under it. */
  dir: string;
  /** Nodes, each broker and controller at once (3). */
  nodes?: number;
  startTimeoutSeconds?: number;
}

export interface PrivateKafkaCluster {
  /** Every node's plain listener, for KAFKA_BROKERS. */
  brokers: string[];
  /** The nodes' jars, for Kafka's own tools. */
  libsDir: string;
  /** kill -9 of node `n` (1-based), as a crashed machine; the others carry on. */
  kill(n: number): Promise<void>;
  /** Starts node `n` again on its data; resolves once every node is registered again. */
  restart(n: number): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A KRaft cluster of one test alone: `nodes` combined broker+controller processes on free ports with
 * their own data dirs and node ids, a static quorum of all of them, topics replicated three times with
 * min.insync.replicas 2. Started by the platform's own infra script, node by node.
 */
export async function startPrivateKafkaCluster(
  options: PrivateKafkaClusterOptions,
): Promise<PrivateKafkaCluster> {
  const count = options.nodes ?? 3;
  const startTimeoutSeconds = options.startTimeoutSeconds ?? 180;
  const ports = await Promise.all(
    Array.from({ length: count }, async () => ({ port: await freePort(), controllerPort: await freePort() })),
  );
  const quorumVoters = ports.map((p, i) => `${i + 1}@127.0.0.1:${p.controllerPort}`).join(',');
  const id = clusterId();
  const extraProperties = readFileSync(clusterProperties, 'utf8').split('\n');
  await resolveSharedJars();
  const nodes: KafkaNode[] = ports.map((p, i) =>
    kafkaNode({
      varDir: join(options.dir, `node-${i + 1}`),
      ...p,
      clusterId: id,
      nodeId: i + 1,
      quorumVoters,
      extraProperties,
      startTimeoutSeconds,
    }),
  );
  const brokers = nodes.map((node) => node.broker);
  const node = (n: number) => {
    const found = nodes[n - 1];
    if (!found) throw new Error(`no node ${n} in a cluster of ${count}`);
    return found;
  };
  // Together: a node waits for a quorum of the others before it serves, and the last one alone cannot
  // finish a controlled shutdown.
  const stop = async () => {
    await Promise.all(nodes.map((n) => n.stop()));
  };
  try {
    await Promise.all(nodes.map((n) => n.start()));
    await untilAnswering(brokers, startTimeoutSeconds * 1000, count);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    brokers,
    libsDir: nodes[0]!.libsDir,
    kill: (n) => node(n).kill(),
    async restart(n) {
      await node(n).start();
      await untilAnswering(brokers, startTimeoutSeconds * 1000, count);
    },
    stop,
  };
}
