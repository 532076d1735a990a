import { readFileSync } from 'node:fs';
import { Kafka, logLevel } from 'kafkajs';
import type { Logger } from 'pino';
import { type KafkaAdmin, kafkaAdmin } from './admin.ts';
import type { KafkaSecurity } from './kafka-security.ts';
import { createIdempotentProducer, type EventProducer } from './producer.ts';
import { type Reader, type ReaderOptions, startReader } from './reader.ts';

export interface KafkaOptions {
  brokers: string[];
  clientId: string;
  /** Where the client's warnings and errors go; without one it logs nothing (tools, test probes). */
  logger?: Logger;
  /** TLS and SASL for a secured cluster (`kafkaSecurityOptions`); plaintext when absent. */
  security?: KafkaSecurity;
  /** How often a failed request is retried before it fails (default 5). */
  retries?: number;
}

/**
 * The platform's Kafka client: the one way to reach the brokers. Everything it hands out is the
 * platform's own (`KafkaAdmin`, `EventProducer`, `Reader`), so the Kafka library stays inside this package.
 */
export interface KafkaClient {
  /** Cluster operations; connect before use, disconnect when done. */
  admin(): KafkaAdmin;
  /** A connected idempotent producer (acks=all, placement by key) — see `createIdempotentProducer`. */
  producer(): Promise<EventProducer>;
  /** A consumer group reading `topics`, started. */
  reader(options: ReaderOptions): Promise<Reader>;
}

const levels: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

const clients = new WeakMap<KafkaClient, Kafka>();

/** The library client under a `KafkaClient`, for this package's own consumers. */
export function libraryClient(client: KafkaClient): Kafka {
  const kafka = clients.get(client);
  if (!kafka) throw new Error('not a client made by createKafka');
  return kafka;
}

export function createKafka(options: KafkaOptions): KafkaClient {
  const logger = options.logger?.child({ component: 'kafkajs' });
  const kafka = new Kafka({
    clientId: options.clientId,
    brokers: options.brokers,
    ...options.security,
    ...(options.retries === undefined ? {} : { retry: { retries: options.retries } }),
    // kafkajs is chatty at INFO about every rebalance; warnings and errors are what ops need.
    logLevel: logger ? logLevel.WARN : logLevel.NOTHING,
    logCreator:
      () =>
      ({ level, log }) => {
        const { message, ...extra } = log;
        logger?.[levels[level] ?? 'info'](extra, message);
      },
  });
  const client: KafkaClient = {
    admin: () => kafkaAdmin(kafka.admin()),
    producer: () => createIdempotentProducer(kafka),
    reader: (readerOptions) => startReader(kafka, readerOptions),
  };
  clients.set(client, kafka);
  return client;
}

/** The client library under `KafkaClient` and its version, e.g. "kafkajs 2.2.4" (for reports). */
export function kafkaClientLibrary(): string {
  const { name, version } = JSON.parse(
    readFileSync(new URL('../node_modules/kafkajs/package.json', import.meta.url), 'utf8'),
  ) as { name: string; version: string };
  return `${name} ${version}`;
}
