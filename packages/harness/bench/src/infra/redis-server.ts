import { type ChildProcess, spawn } from 'node:child_process';
import { freePort } from '@dunning/testing/free-port';
import { stopProcess } from '@dunning/testing/stop-process';
import { Redis } from 'ioredis';
import { trackChild } from '../platform/closers.ts';

export interface BenchRedis {
  url: string;
  /** true: a redis-server of this phase alone, so INFO memory is the platform's and nothing else's. */
  own: boolean;
  pid: number | undefined;
  usedMemory(): Promise<number>;
  stop(): Promise<void>;
}

async function connect(url: string): Promise<Redis> {
  const redis = new Redis(url, { maxRetriesPerRequest: null, lazyConnect: true, retryStrategy: () => 100 });
  redis.on('error', () => {});
  for (let attempt = 0; ; attempt++) {
    try {
      await redis.connect();
      if ((await redis.ping()) === 'PONG') return redis;
    } catch (error) {
      if (attempt >= 50) throw error;
    }
    redis.disconnect();
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function usedMemoryOf(redis: Redis): Promise<number> {
  const info = await redis.info('memory');
  return Number(/used_memory:(\d+)/.exec(info)?.[1] ?? 0);
}

/**
 * A redis-server of its own on a free port (no persistence), so memory figures count only the
 * platform under test. Without a redis-server binary, the shared REDIS_URL is used and its figures
 * include whatever else that instance holds.
 */
export async function startBenchRedis(sharedUrl: string): Promise<BenchRedis> {
  const port = await freePort();
  let server: ChildProcess | undefined = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  const spawned = await new Promise<boolean>((resolve) => {
    server!.once('spawn', () => resolve(true));
    server!.once('error', () => resolve(false));
  });
  if (spawned) trackChild(server);
  else server = undefined;
  const url = server ? `redis://127.0.0.1:${port}` : sharedUrl;
  const redis = await connect(url);
  return {
    url,
    own: server !== undefined,
    pid: server?.pid,
    usedMemory: () => usedMemoryOf(redis),
    async stop() {
      redis.disconnect();
      if (server) await stopProcess(server);
    },
  };
}
