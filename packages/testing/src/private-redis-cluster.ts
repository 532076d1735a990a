import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Cluster } from 'ioredis';
import { freePort } from './free-port.ts';

const execFileAsync = promisify(execFile);
const root = fileURLToPath(new URL('../../../', import.meta.url));

export interface PrivateRedisCluster {
  /** Its three masters as REDIS_CLUSTER_NODES takes them (host:port, comma-separated). */
  nodes: string;
  /** The keys on every master together. */
  keyCount(): Promise<number>;
  /** FLUSHALL on every master: every key of the cluster gone at once. Resolves to the keys there were. */
  flushAllMasters(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * A three-master Redis Cluster of one test alone (own ports, a directory of the caller's), started by
 * the platform's own infra script, so flushing or stopping it disturbs nobody else.
 */
export async function startPrivateRedisCluster(options: { dir: string }): Promise<PrivateRedisCluster> {
  const dir = join(options.dir, 'redis-cluster');
  mkdirSync(dir, { recursive: true });
  const ports = [await freePort(), await freePort(), await freePort()];
  const busPorts = [await freePort(), await freePort(), await freePort()];
  const env = {
    ...process.env,
    REDIS_CLUSTER_DIR: dir,
    REDIS_CLUSTER_PORTS: ports.join(','),
    REDIS_CLUSTER_BUS_PORTS: busPorts.join(','),
  };
  const script = (command: 'start' | 'stop') =>
    execFileAsync('bash', [join(root, 'infra/redis/cluster.sh'), command], { env, timeout: 60_000 });
  const stop = async () => {
    await script('stop').catch(() => {});
  };
  try {
    await script('start');
  } catch (error) {
    await stop();
    throw error;
  }
  const client = new Cluster(
    ports.map((port) => ({ host: '127.0.0.1', port })),
    { redisOptions: { maxRetriesPerRequest: 3 } },
  );
  client.on('error', () => {});
  await client.ping();
  return {
    nodes: ports.map((port) => `127.0.0.1:${port}`).join(','),
    async keyCount() {
      const sizes = await Promise.all(client.nodes('master').map((master) => master.dbsize()));
      return sizes.reduce((sum, size) => sum + size, 0);
    },
    async flushAllMasters() {
      const masters = client.nodes('master');
      if (masters.length !== ports.length)
        throw new Error(`expected ${ports.length} masters, saw ${masters.length}`);
      const sizes = await Promise.all(
        masters.map(async (master) => {
          const size = await master.dbsize();
          await master.flushall();
          return size;
        }),
      );
      return sizes.reduce((sum, size) => sum + size, 0);
    },
    async stop() {
      client.disconnect();
      await stop();
    },
  };
}
