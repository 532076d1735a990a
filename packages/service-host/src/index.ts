export { type RunnableService, runService } from './run-service.ts';
export {
  type HostConfig,
  type ServiceHost,
  type ServiceHostOptions,
  startServiceHost,
} from './service-host.ts';
