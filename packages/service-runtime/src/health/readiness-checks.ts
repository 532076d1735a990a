import type { KafkaAdmin } from '@dunning/kafka';
import type { Cluster, Redis } from 'ioredis';
import type { Pool } from 'pg';

/** One dependency `GET /health/ready` probes; `check` rejects (or hangs past the timeout) when it is down. */
export type ReadinessCheck = { name: string; check(): Promise<void> };

export function postgresCheck(pool: Pool, name = 'postgres'): ReadinessCheck {
  return {
    name,
    async check() {
      await pool.query('select 1');
    },
  };
}

export function redisCheck(redis: Redis | Cluster, name = 'redis'): ReadinessCheck {
  return {
    name,
    async check() {
      if (redis.isCluster) {
        // A node that answers PING may still belong to a cluster with slots no master serves.
        const info = await redis.cluster('INFO');
        if (!/^cluster_state:ok/m.test(info)) throw new Error('Redis Cluster state is not ok');
        return;
      }
      const reply = await redis.ping();
      if (reply !== 'PONG') throw new Error(`unexpected PING reply: ${reply}`);
    },
  };
}

// describeCluster is a metadata request for no topics: the cheapest round trip that proves a broker answers.
// kafkajs sends it to a broker picked at random from its cached metadata and gives up at once on a
// connection error, so with one broker of a cluster down (until its metadata is refreshed, up to
// 5 minutes) a single request fails by chance: a few tries, so that one dead broker of several does
// not make the service unready.
export function kafkaCheck(admin: KafkaAdmin, name = 'kafka', attempts = 3): ReadinessCheck {
  return {
    name,
    async check() {
      let failure: unknown;
      for (let attempt = 0; attempt < attempts; attempt++) {
        try {
          const { brokers } = await admin.describeCluster();
          if (brokers.length === 0) throw new Error('cluster reported no brokers');
          return;
        } catch (error) {
          failure = error;
        }
      }
      throw failure;
    },
  };
}
