import { inject } from 'vitest';

export interface InfraUrls {
  kafkaBrokers: string[];
  databaseUrl: string;
  redisUrl: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    infra: InfraUrls;
  }
}

/** The real Kafka, PostgreSQL and Redis that the global setup found or started. */
export function testInfra(): InfraUrls {
  return inject('infra');
}
