import { relative } from 'node:path';
import { createPool } from '@dunning/pg';
import { repositoryRoot } from '@dunning/platform-manifest';
import type pg from 'pg';
import { type BenchRedis, startBenchRedis } from '../infra/redis-server.ts';
import type { BenchOptions, ServiceEnv } from '../options.ts';
import { using } from './closers.ts';
import { type BenchPlatform, type LogSummary, startBenchPlatform } from './platform.ts';
import {
  type ProcessGroup,
  type ProcessSample,
  pidsMatching,
  startProcessSampler,
} from './process-sampler.ts';

export interface PhaseEnvironment {
  platform: BenchPlatform;
  redis: BenchRedis;
  /** A pool without a schema of its own: queries name `<schema>.<table>`. */
  db: pg.Pool;
  /** The process samples so far (one a second). */
  samples: ProcessSample[];
}

/** Peak RSS and CPU use of one process group over a phase. */
export interface ProcessFigures {
  peakRssMiB: number;
  lastRssMiB: number;
  cpuSeconds: number;
  meanCpuPercent: number;
}

export interface PhaseRun<T> {
  result: T;
  samples: ProcessSample[];
  processes: Record<string, ProcessFigures>;
  /** Whether Redis was this phase's own server (memory figures are then the platform's alone). */
  ownRedis: boolean;
  /** Warnings and errors each service logged during the phase. */
  logs: Record<string, LogSummary>;
}

function summarize(samples: ProcessSample[]): Record<string, ProcessFigures> {
  const names = Object.keys(samples[0]?.rssMiB ?? {});
  const seconds = samples.length > 1 ? (samples.at(-1)!.at - samples[0]!.at) / 1000 : 0;
  return Object.fromEntries(
    names.map((name) => {
      const cpuSeconds = samples.slice(1).reduce((sum, s, i) => {
        return sum + ((s.cpuPercent[name] ?? 0) / 100) * ((s.at - samples[i]!.at) / 1000);
      }, 0);
      return [
        name,
        {
          peakRssMiB: samples.reduce((peak, s) => Math.max(peak, s.rssMiB[name] ?? 0), 0),
          lastRssMiB: samples.at(-1)?.rssMiB[name] ?? 0,
          cpuSeconds: Math.round(cpuSeconds * 10) / 10,
          meanCpuPercent: seconds > 0 ? Math.round((cpuSeconds / seconds) * 100) : 0,
        },
      ];
    }),
  );
}

/**
 * Runs one phase on a platform of its own: a fresh redis-server, the four services as child processes
 * on new schemas and a new topic prefix, a sampler of every process involved; all of it is stopped
 * and removed afterwards, also when the phase fails or the run is interrupted.
 */
export async function runPhase<T>(
  options: BenchOptions,
  name: string,
  env: ServiceEnv,
  body: (environment: PhaseEnvironment) => Promise<T>,
): Promise<PhaseRun<T>> {
  return using(
    () => startBenchRedis(options.redisUrl),
    (redis) => redis.stop(),
    (redis) =>
      using(
        () =>
          startBenchPlatform({
            name,
            databaseUrl: options.databaseUrl,
            brokers: options.brokers,
            redisUrl: redis.url,
            env: mergeEnv(env, options.set),
            logDir: `${options['work-dir']}/logs`,
            cpuProfDir: options['cpu-prof'] ? `${options['work-dir']}/profiles` : undefined,
          }),
        (platform) => platform.close(),
        async (platform) => {
          const groups: ProcessGroup[] = [
            ...platform.services.map(({ name, pid }) => ({ name, pids: () => [pid] })),
            { name: 'postgres', pids: () => pidsMatching(/^(\S*\/)?postgres[: ]/) },
            { name: 'kafka', pids: () => pidsMatching(/java .*kafka\.Kafka/) },
            ...(redis.pid ? [{ name: 'redis', pids: () => [redis.pid!] }] : []),
            { name: 'bench', pids: () => [process.pid] },
          ];
          const sampler = startProcessSampler(groups);
          const db = createPool({
            connectionString: options.databaseUrl,
            schema: 'public',
            applicationName: 'bench',
            max: 3,
          });
          try {
            const result = await Promise.race([
              body({ platform, redis, db, samples: sampler.samples }),
              platform.crashed,
            ]);
            const samples = sampler.stop();
            const logs = Object.fromEntries(
              platform.services.map(({ name, log }) => [
                name,
                { ...log, file: relative(repositoryRoot, log.file) },
              ]),
            );
            return { result, samples, processes: summarize(samples), ownRedis: redis.own, logs };
          } finally {
            sampler.stop();
            await db.end();
          }
        },
      ),
  );
}

function mergeEnv(phase: ServiceEnv, fromFlags: ServiceEnv): ServiceEnv {
  const merged: ServiceEnv = { ...phase };
  for (const [service, values] of Object.entries(fromFlags) as [keyof ServiceEnv, Record<string, string>][]) {
    merged[service] = { ...merged[service], ...values };
  }
  return merged;
}
