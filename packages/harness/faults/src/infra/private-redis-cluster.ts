import { startPrivateRedisCluster } from '@dunning/testing/private-redis-cluster';

const MID_LADDER_KEYS = 200;

/** The Redis the services run on, as the suite needs it: their settings, a flush, a stop. */
export interface SuiteRedis {
  label: string;
  env: Record<string, string>;
  flushName: string;
  /** Resolves once a flush would strike something (absent: at once). */
  flushWorthwhile?(): Promise<void>;
  flushAll(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A three-master Redis Cluster of the suite alone; the services reach it through REDIS_CLUSTER_NODES.
 * Its fault empties every master at once, logging how many keys (armed timers, queued deliveries,
 * rate-limit counters) were lost.
 */
export async function startSuiteRedisCluster(dir: string, log: (line: string) => void): Promise<SuiteRedis> {
  const cluster = await startPrivateRedisCluster({ dir });
  return {
    label: `Redis Cluster ${cluster.nodes}`,
    env: { REDIS_CLUSTER_NODES: cluster.nodes },
    flushName: 'Redis Cluster FLUSHALL on every master',
    // Mid-ladder: once timers and deliveries are queued (a loaded machine plans late), at most a minute.
    async flushWorthwhile() {
      for (const deadline = Date.now() + 60_000; Date.now() < deadline; ) {
        if ((await cluster.keyCount()) >= MID_LADDER_KEYS) return;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    },
    async flushAll() {
      const keys = await cluster.flushAllMasters();
      log(`redis cluster: flushed ${keys} keys from every master`);
    },
    stop: cluster.stop,
  };
}
