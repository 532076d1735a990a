import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { platformService, repositoryRoot } from '@dunning/platform-manifest';
import { freePort } from '@dunning/testing/free-port';
import { deleteTopics, dropSchemas } from '@dunning/testing/isolation';
import { stopProcess } from '@dunning/testing/stop-process';
import { SERVICE_NAMES, type ServiceEnv, type ServiceName } from '../options.ts';
import { trackChild } from './closers.ts';

/** The admin key of the services this run starts (made per run, never stored). */
export const benchAdminKey = randomBytes(24).toString('base64url');

/** What a service logged at warn level or above (the services run with LOG_LEVEL=warn). */
export interface LogSummary {
  file: string;
  warnings: number;
  errors: number;
  /** The most recent problem, so a report shows why a phase stalled without opening the log. */
  last?: string | undefined;
}

export interface ServiceProcess {
  name: ServiceName;
  pid: number;
  port: number;
  child: ChildProcess;
  log: LogSummary;
}

export interface PlatformOptions {
  /** Lower-case, unique: the schema prefix and (with a dot) the topic prefix of this platform. */
  name: string;
  databaseUrl: string;
  brokers: string[];
  redisUrl: string;
  /** Environment per service on top of the isolation settings (sinks, timers, `--set`). */
  env: ServiceEnv;
  logDir: string;
  /** Where each service writes its V8 CPU profile on exit; none when undefined. */
  cpuProfDir?: string | undefined;
}

export interface BenchPlatform {
  name: string;
  topicPrefix: string;
  services: ServiceProcess[];
  schemaOf(service: ServiceName): string;
  url(service: ServiceName): string;
  /** Rejects as soon as a service exits on its own, with the end of its log. */
  crashed: Promise<never>;
  /** Stops the services (SIGTERM, then SIGKILL after 30 s), then drops their schemas and topics. */
  close(): Promise<void>;
}

/**
 * The four services, each as its own child process (so RSS and CPU are per service), isolated from
 * every other run: own schemas, topic prefix, consumer groups and queue prefixes, their own ports.
 */
export async function startBenchPlatform(options: PlatformOptions): Promise<BenchPlatform> {
  const topicPrefix = `${options.name}.`;
  const schemaOf = (service: ServiceName) => `${options.name}_${platformService(service).schema}`;
  mkdirSync(options.logDir, { recursive: true });
  if (options.cpuProfDir) mkdirSync(options.cpuProfDir, { recursive: true });
  let stopping = false;
  let reportCrash: (error: Error) => void = () => {};
  const crashed = new Promise<never>((_, reject) => {
    reportCrash = reject;
  });
  crashed.catch(() => {});

  const services: ServiceProcess[] = [];
  for (const name of SERVICE_NAMES) {
    const port = await freePort();
    const profile = options.cpuProfDir
      ? [
          '--cpu-prof',
          `--cpu-prof-dir=${options.cpuProfDir}`,
          `--cpu-prof-name=${options.name}-${name}.cpuprofile`,
        ]
      : [];
    const child = spawn(process.execPath, [...profile, platformService(name).main], {
      cwd: repositoryRoot,
      env: {
        ...process.env,
        DATABASE_URL: options.databaseUrl,
        KAFKA_BROKERS: options.brokers.join(','),
        REDIS_URL: options.redisUrl,
        KAFKA_TOPIC_PREFIX: topicPrefix,
        DB_SCHEMA: schemaOf(name),
        HOST: '127.0.0.1',
        PORT: String(port),
        LOG_LEVEL: 'warn',
        ADMIN_API_KEY: benchAdminKey,
        ...options.env[name],
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Own process group: Ctrl-C reaches the bench alone, which stops each service once.
      detached: true,
    });
    trackChild(child);
    const file = `${options.logDir}/${options.name}-${name}.log`;
    const log = createWriteStream(file);
    const summary: LogSummary = { file, warnings: 0, errors: 0 };
    const tail: string[] = [];
    for (const stream of [child.stdout!, child.stderr!]) {
      stream.pipe(log, { end: false });
      createInterface({ input: stream }).on('line', (line) => {
        tail.push(line);
        tail.splice(0, Math.max(0, tail.length - 15));
        countProblem(summary, line);
      });
    }
    child.on('exit', (code, signal) => {
      log.end();
      if (!stopping) {
        reportCrash(
          new Error(
            `${name} exited on its own (${signal ?? `code ${code}`}); its last lines:\n${tail.join('\n')}`,
          ),
        );
      }
    });
    services.push({ name, pid: child.pid!, port, child, log: summary });
  }

  const stopServices = () =>
    Promise.all(services.map(({ child }) => stopProcess(child, { killAfterMs: 30_000 })));

  const platform: BenchPlatform = {
    name: options.name,
    topicPrefix,
    services,
    schemaOf,
    url: (service) => `http://127.0.0.1:${services.find((s) => s.name === service)!.port}`,
    crashed,
    async close() {
      stopping = true;
      await stopServices();
      await dropSchemas(options.databaseUrl, SERVICE_NAMES.map(schemaOf));
      await deleteTopics(options.brokers, topicPrefix);
    },
  };
  try {
    await Promise.race([waitUntilReady(platform), crashed]);
  } catch (error) {
    await platform.close();
    throw error;
  }
  return platform;
}

function countProblem(summary: LogSummary, line: string): void {
  let record: { level?: number; msg?: string; err?: { message?: string } };
  try {
    record = JSON.parse(line);
  } catch {
    return;
  }
  if ((record.level ?? 0) < 40) return;
  if ((record.level ?? 0) >= 50) summary.errors++;
  else summary.warnings++;
  summary.last = [record.msg, record.err?.message].filter(Boolean).join(': ').slice(0, 300);
}

async function waitUntilReady(platform: BenchPlatform, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ready = await Promise.all(
      platform.services.map(({ name }) =>
        fetch(`${platform.url(name)}/health/ready`).then(
          (response) => response.ok,
          () => false,
        ),
      ),
    );
    if (ready.every(Boolean)) return;
    if (Date.now() > deadline) throw new Error(`services not ready after ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}
