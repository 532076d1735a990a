import type { BaseConfig } from '@dunning/service-runtime';
import { Cluster, Redis, type RedisOptions } from 'ioredis';

/** A connection to the platform's Redis: one server, or a cluster client that routes each key to its master. */
export type RedisConnection = Redis | Cluster;

export type RedisConfig = Pick<BaseConfig, 'REDIS_URL' | 'REDIS_CLUSTER_NODES'>;

/**
 * Opens a connection to REDIS_URL, or to the Redis Cluster REDIS_CLUSTER_NODES names (then REDIS_URL
 * gives only the user, password and TLS every node shares). `options` apply to each node's connection.
 */
export function openRedis(config: RedisConfig, options: RedisOptions = {}): RedisConnection {
  if (config.REDIS_CLUSTER_NODES.length === 0) return new Redis(config.REDIS_URL, options);
  const url = new URL(config.REDIS_URL);
  const { lazyConnect, ...nodeOptions } = options;
  return new Cluster(
    config.REDIS_CLUSTER_NODES.map((node) => {
      const at = node.lastIndexOf(':');
      return { host: node.slice(0, at), port: Number(node.slice(at + 1)) };
    }),
    {
      lazyConnect,
      redisOptions: {
        username: decodeURIComponent(url.username) || undefined,
        password: decodeURIComponent(url.password) || undefined,
        tls: url.protocol === 'rediss:' ? {} : undefined,
        ...nodeOptions,
      },
    },
  );
}

/**
 * The key prefix inside a hash tag (`{prefix}`), unless it holds one already: a BullMQ queue's scripts
 * touch several of its keys at once, which Redis Cluster allows only when they share a slot, and a
 * hash tag puts every key of one prefix in the same slot.
 */
export function hashTagged(prefix: string): string {
  // Redis reads the tag between the first '{' and the next '}', when that is not empty.
  const open = prefix.indexOf('{');
  const close = open < 0 ? -1 : prefix.indexOf('}', open + 1);
  return close > open + 1 ? prefix : `{${prefix}}`;
}
