import { startPrivateKafka } from '@dunning/testing/private-kafka';
import { startPrivateKafkaCluster } from '@dunning/testing/private-kafka-cluster';

/** A fault of the suite's list; what `inject` returns goes into the fault's row as a note. */
export interface KafkaFault {
  name: string;
  inject(): Promise<string | undefined>;
}

/** Times a canary crossing every service from `since`; undefined when it never did. */
export type Canary = (since: number) => Promise<number | undefined>;

export interface SuiteKafka {
  brokers: string[];
  /** What the services are given besides KAFKA_BROKERS: the topics' replication. */
  serviceEnv: Record<string, string>;
  describe: string;
  /** The Kafka fault of the list. */
  fault(canary: Canary): KafkaFault;
  stop(): Promise<void>;
}

/** How long the killed broker of a cluster stays down: the services must carry on meanwhile. */
const HELD_DOWN_MS = 10_000;
const KILLED_NODE = 2;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/**
 * The suite's Kafka: one broker (killed and restarted as a fault), or a three-node KRaft cluster whose
 * topics hold three copies with min.insync.replicas 2, one node of which is killed, held down while a
 * canary must still cross every service, then restarted.
 */
export async function startSuiteKafka(brokers: 1 | 3, workDir: string): Promise<SuiteKafka> {
  if (brokers === 1) {
    const kafka = await startPrivateKafka({ dir: workDir });
    return {
      brokers: [kafka.broker],
      serviceEnv: {},
      describe: kafka.broker,
      fault: () => ({
        name: 'Kafka broker kill -9, restart',
        async inject() {
          await kafka.killAndRestart();
          return undefined;
        },
      }),
      stop: kafka.stop,
    };
  }
  // Generous: a node's JVM on a saturated machine has taken minutes to start.
  const cluster = await startPrivateKafkaCluster({ dir: workDir, startTimeoutSeconds: 300 });
  return {
    brokers: cluster.brokers,
    serviceEnv: { KAFKA_REPLICATION_FACTOR: '3', KAFKA_MIN_INSYNC_REPLICAS: '2' },
    describe: `3 nodes ${cluster.brokers.join(',')} (replication 3, min.insync.replicas 2)`,
    fault: (canary) => ({
      name: `Kafka broker ${KILLED_NODE} of 3 kill -9; held down ~${HELD_DOWN_MS / 1000} s; restarted`,
      async inject() {
        const killedAt = Date.now();
        await cluster.kill(KILLED_NODE);
        const whileDown = await canary(killedAt);
        const downFor = Math.max(0, killedAt + HELD_DOWN_MS - Date.now());
        await new Promise((resolve) => setTimeout(resolve, downFor));
        const restartedAt = Date.now();
        // A node that does not come back is reported in the row, and the run goes on with two.
        const restarted = await cluster.restart(KILLED_NODE).then(
          () => `node back in ${seconds(Date.now() - restartedAt)}`,
          (error: Error) => `restart failed: ${error.message.split('\n')[0]}`,
        );
        return [
          whileDown === undefined
            ? 'canary never crossed while down'
            : `canary crossed in ${seconds(whileDown)} while down`,
          `down ${seconds(restartedAt - killedAt)}`,
          restarted,
        ].join('; ');
      },
    }),
    stop: cluster.stop,
  };
}
