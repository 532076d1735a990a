import { Kafka, logLevel } from 'kafkajs';
import type { Logger } from 'pino';
import type { KafkaSecurity } from './kafka-security.ts';

export interface KafkaOptions {
  brokers: string[];
  clientId: string;
  logger: Logger;
  /** TLS and SASL for a secured cluster (`kafkaSecurityOptions`); plaintext when absent. */
  security?: KafkaSecurity;
}

const levels: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

export function createKafka(options: KafkaOptions): Kafka {
  const logger = options.logger.child({ component: 'kafkajs' });
  return new Kafka({
    clientId: options.clientId,
    brokers: options.brokers,
    ...options.security,
    // kafkajs is chatty at INFO about every rebalance; warnings and errors are what ops need.
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ level, log }) => {
        const { message, ...extra } = log;
        logger[levels[level] ?? 'info'](extra, message);
      },
  });
}
