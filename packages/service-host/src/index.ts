export { createHostMetrics, type HostMetrics, type MetricSources } from './host-metrics.ts';
export { advisoryJobLock, type JobLock } from './job-lock.ts';
export {
  type ConsumerGroupRef,
  type OpsStatus,
  type OpsStatusOptions,
  opsStatusRoutes,
  type QueueRef,
} from './ops-status.ts';
export {
  batchedJob,
  type PeriodicJob,
  type PeriodicJobGuards,
  type PeriodicJobMetrics,
  type RunningPeriodicJob,
  startPeriodicJob,
} from './periodic-job.ts';
export { hashTagged, openRedis, type RedisConfig, type RedisConnection } from './redis-connection.ts';
export { type ReadModels, runReplayCommand } from './replay-command.ts';
export {
  type ReadModelSource,
  type ReplayOptions,
  ReplayRefusedError,
  type ReplaySummary,
  replayReadModels,
} from './replay-read-models.ts';
export { type RunnableService, runService } from './run-service.ts';
export {
  type HostConfig,
  type ServiceHost,
  type ServiceHostOptions,
  serviceMigrationSets,
  startServiceHost,
} from './service-host.ts';
export {
  type ConsumerDeclaration,
  consumer,
  consumerGroupId,
  type JobDeclaration,
  type RunningJob,
  replaySource,
  type ServiceWiring,
  type StartedJob,
  type StartedWiring,
  type StartStopJob,
} from './service-wiring.ts';
