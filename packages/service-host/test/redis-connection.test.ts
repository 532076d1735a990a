import { Cluster, Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { hashTagged, openRedis } from '../src/index.ts';

describe('hashTagged', () => {
  it('puts a prefix in a hash tag, unless Redis would already read one in it', () => {
    expect(hashTagged('bull')).toBe('{bull}');
    expect(hashTagged('t42.bull')).toBe('{t42.bull}');
    expect(hashTagged('{bull}')).toBe('{bull}');
    expect(hashTagged('app:{jobs}')).toBe('app:{jobs}');
    // An empty tag is no tag: Redis would hash the whole key.
    expect(hashTagged('a{}b')).toBe('{a{}b}');
  });
});

describe('openRedis', () => {
  it('opens one server without REDIS_CLUSTER_NODES', () => {
    const redis = openRedis(
      { REDIS_URL: 'redis://127.0.0.1:6379', REDIS_CLUSTER_NODES: [] },
      { lazyConnect: true },
    );
    expect(redis).toBeInstanceOf(Redis);
    redis.disconnect();
  });

  it('opens a cluster client with REDIS_URL giving only the credentials and TLS', () => {
    const redis = openRedis(
      { REDIS_URL: 'rediss://app:s%40cret@ignored:1', REDIS_CLUSTER_NODES: ['redis-1:7001', 'redis-2:7002'] },
      { lazyConnect: true, maxRetriesPerRequest: null },
    );
    expect(redis).toBeInstanceOf(Cluster);
    const cluster = redis as Cluster;
    expect(cluster.options.redisOptions).toMatchObject({
      username: 'app',
      password: 's@cret',
      tls: {},
      maxRetriesPerRequest: null,
    });
    cluster.disconnect();
  });
});
