import type { KafkaAdmin } from '@dunning/kafka';
import { describe, expect, it } from 'vitest';
import { kafkaCheck } from '../src/index.ts';

/** An admin whose metadata requests fail as many times as asked, then answer. */
function adminFailing(times: number): KafkaAdmin {
  let calls = 0;
  return {
    async describeCluster() {
      if (calls++ < times) throw new Error('Connection error: connect ECONNREFUSED 127.0.0.1:19102');
      return { brokers: [{ nodeId: 1, host: '127.0.0.1', port: 19092 }] };
    },
  } as unknown as KafkaAdmin;
}

describe('the Kafka readiness check', () => {
  it('stays ready when a request meets the one dead broker of a cluster and the next reaches a live one', async () => {
    await expect(kafkaCheck(adminFailing(1)).check()).resolves.toBeUndefined();
    await expect(kafkaCheck(adminFailing(2)).check()).resolves.toBeUndefined();
  });

  it('is unready when no broker answers', async () => {
    await expect(kafkaCheck(adminFailing(3)).check()).rejects.toThrow(/ECONNREFUSED/);
  });
});
