import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { join } from 'node:path';
import { kafkaClientLibrary } from '@dunning/kafka';
import { repositoryRoot } from '@dunning/platform-manifest';
import pg from 'pg';

export interface Machine {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  /** 1, 5 and 15 minute load averages when the run started: other work on the machine shows here. */
  loadAverageAtStart: number[];
  node: string;
  platform: string;
  kernel: string;
  postgres: string;
  redis: string;
  kafka: string;
  /** The Kafka client library and its version. */
  kafkaClient: string;
}

function versionOf(read: () => string): string {
  try {
    return read();
  } catch {
    return 'unknown';
  }
}

/** What the figures were measured on: hardware, load, and the versions of every piece. */
export async function describeMachine(databaseUrl: string): Promise<Machine> {
  const cpu = cpus();
  let postgres = 'unknown';
  const client = new pg.Client({ connectionString: databaseUrl });
  try {
    await client.connect();
    postgres = (await client.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0]!
      .v;
  } catch {
    // The phases report the database error themselves.
  } finally {
    await client.end().catch(() => {});
  }
  return {
    cpus: cpu.length,
    cpuModel: cpu[0]?.model ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    loadAverageAtStart: loadavg().map((l) => Math.round(l * 100) / 100),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    kernel: release(),
    postgres,
    redis: versionOf(
      () =>
        /v=(\S+)/.exec(execFileSync('redis-server', ['--version'], { encoding: 'utf8' }))?.[1] ?? 'unknown',
    ),
    // The broker version this repository runs (infra/kafka); a broker given by KAFKA_BROKERS may differ.
    kafka: versionOf(
      () =>
        /<kafka\.version>([^<]+)</.exec(
          readFileSync(join(repositoryRoot, 'infra/kafka/pom.xml'), 'utf8'),
        )?.[1] ?? 'unknown',
    ),
    kafkaClient: versionOf(kafkaClientLibrary),
  };
}
