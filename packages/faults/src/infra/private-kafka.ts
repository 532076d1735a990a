import { existsSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './free-port.ts';
import { run } from './run.ts';

export interface PrivateKafka {
  brokers: string[];
  /** kill -9 of the broker, then a start on the same data (log recovery included). */
  killAndRestart(): Promise<void>;
  stop(): Promise<void>;
}

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const startScript = join(root, 'infra/kafka/start.sh');
const stopScript = join(root, 'infra/kafka/stop.sh');

/**
 * A Kafka broker of the fault suite alone (own port and data), started by the platform's own infra
 * script, so killing it disturbs no other test. It shares the jars the main broker resolved.
 */
export async function startPrivateKafka(dir: string): Promise<PrivateKafka> {
  const varDir = join(dir, 'kafka');
  mkdirSync(varDir, { recursive: true });
  const sharedLibs = join(root, 'var/kafka/libs');
  if (existsSync(join(sharedLibs, '.resolved'))) symlinkSync(sharedLibs, join(varDir, 'libs'));
  const port = await freePort();
  const env = {
    KAFKA_PORT: String(port),
    KAFKA_CONTROLLER_PORT: String(await freePort()),
    KAFKA_VAR_DIR: varDir,
    KAFKA_START_TIMEOUT: '120',
  };
  const start = () => run('bash', [startScript], env);
  await start();
  return {
    brokers: [`127.0.0.1:${port}`],
    async killAndRestart() {
      const pid = Number(readFileSync(join(varDir, 'kafka.pid'), 'utf8'));
      process.kill(pid, 'SIGKILL');
      while (isAlive(pid)) await new Promise((resolve) => setTimeout(resolve, 50));
      await start();
    },
    async stop() {
      await run('bash', [stopScript], env).catch(() => {});
    },
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
