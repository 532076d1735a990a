import {
  type BaseConfig,
  ConfigError,
  createLogger,
  type HttpApp,
  type Logger,
  runUntilSignalled,
} from '@dunning/service-runtime';

export interface RunnableService {
  app: HttpApp;
  stop(): Promise<void>;
}

/**
 * The whole of a service's `main.ts`: parse the config (a clear message and exit 1 when it is
 * wrong), start the service, listen, and stop gracefully on SIGINT/SIGTERM.
 */
export async function runService<C extends BaseConfig>(
  name: string,
  loadConfig: () => C,
  start: (config: C, logger: Logger) => Promise<RunnableService>,
): Promise<void> {
  let config: C;
  try {
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${name}: invalid configuration\n${error.message}\n`);
    process.exit(1);
  }
  const logger = createLogger({ name, level: config.LOG_LEVEL });
  let service: RunnableService | undefined;
  await runUntilSignalled({
    logger,
    start: async () => {
      service = await start(config, logger);
      const url = await service.app.listen({ host: config.HOST, port: config.PORT });
      logger.info({ url, docs: `${url}/docs` }, `${name} ready`);
    },
    stop: async () => {
      await service?.stop();
    },
  });
}
