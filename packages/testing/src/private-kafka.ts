import { join } from 'node:path';
import { freePort } from './free-port.ts';
import { clusterId, kafkaNode, untilAnswering } from './kafka-node.ts';

export { clusterId } from './kafka-node.ts';

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
 * script, so stopping or killing it disturbs no other test.
 */
export async function startPrivateKafka(options: PrivateKafkaOptions): Promise<PrivateKafka> {
  const startTimeoutSeconds = options.startTimeoutSeconds ?? 120;
  const port = await freePort();
  const controllerPort = await freePort();
  const node = kafkaNode({
    varDir: join(options.dir, 'kafka'),
    port,
    controllerPort,
    clusterId: clusterId(),
    startTimeoutSeconds,
    ...(options.extraProperties
      ? { extraProperties: options.extraProperties({ port, controllerPort }) }
      : {}),
  });
  const start = async () => {
    await node.start();
    await untilAnswering([node.broker], startTimeoutSeconds * 1000);
  };
  try {
    await start();
  } catch (error) {
    await node.stop();
    throw error;
  }
  return {
    broker: node.broker,
    libsDir: node.libsDir,
    async killAndRestart() {
      await node.kill();
      await start();
    },
    stop: node.stop,
  };
}
