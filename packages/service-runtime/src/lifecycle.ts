import type { EventEmitter } from 'node:events';
import type { Logger } from './logger.ts';

export type LifecycleOptions = {
  logger: Pick<Logger, 'info' | 'warn' | 'error' | 'fatal'>;
  start: () => Promise<void>;
  stop: () => Promise<void>;
  /** How long `stop` may take before the process gives up and exits 1. */
  shutdownTimeoutMs?: number;
  /** Injected by tests; defaults to `process.exit`. */
  exit?: (code: number) => void;
  /** Where signals and fatal process events come from; defaults to `process`. */
  processEvents?: Pick<EventEmitter, 'on' | 'off'>;
};

const signals = ['SIGINT', 'SIGTERM'] as const;

/**
 * Starts the service and keeps it running until SIGINT/SIGTERM, then stops it and exits 0.
 * Exits 1 when start fails, stop fails or overruns the timeout, a second signal arrives,
 * or an unhandled rejection / uncaught exception forces a shutdown. Resolves once start has settled.
 */
export async function runUntilSignalled(options: LifecycleOptions): Promise<void> {
  const { logger, start, stop, shutdownTimeoutMs = 15_000 } = options;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const events = options.processEvents ?? process;

  let exitCode = 0;
  let shutdown: Promise<void> | undefined;
  let exited = false;
  let started: Promise<void> = Promise.resolve();

  const finish = (code: number) => {
    if (exited) return;
    exited = true;
    detach();
    exit(Math.max(exitCode, code));
  };

  const beginShutdown = (code: number): Promise<void> => {
    exitCode = Math.max(exitCode, code);
    shutdown ??= stopWithin();
    return shutdown;
  };

  const stopWithin = async () => {
    const timer = setTimeout(() => {
      logger.error({ shutdownTimeoutMs }, 'shutdown timed out; exiting');
      finish(1);
    }, shutdownTimeoutMs);
    try {
      // Undoing a half-finished start races it; let it settle (within the same timeout) first.
      await started.catch(() => undefined);
      await stop();
      logger.info({ exitCode }, 'stopped');
      finish(exitCode);
    } catch (error) {
      logger.error({ err: error }, 'stop failed; exiting');
      finish(1);
    } finally {
      clearTimeout(timer);
    }
  };

  const onSignal = (signal: (typeof signals)[number]) => {
    if (shutdown) {
      logger.warn({ signal }, 'second signal during shutdown; forcing exit');
      finish(1);
      return;
    }
    logger.info({ signal }, 'signal received; shutting down');
    void beginShutdown(0);
  };
  const onFatal = (kind: string) => (error: unknown) => {
    logger.fatal({ err: error }, `${kind}; shutting down`);
    void beginShutdown(1);
  };
  const listeners: ReadonlyArray<readonly [string, (...args: unknown[]) => void]> = [
    ...signals.map((signal) => [signal, () => onSignal(signal)] as const),
    ['unhandledRejection', onFatal('unhandled rejection')],
    ['uncaughtException', onFatal('uncaught exception')],
  ];

  function attach() {
    for (const [event, listener] of listeners) events.on(event, listener);
  }
  function detach() {
    for (const [event, listener] of listeners) events.off(event, listener);
  }

  // Listen before starting so a signal during a slow start still shuts down cleanly.
  attach();
  started = Promise.resolve().then(start);
  try {
    await started;
    logger.info('started');
  } catch (error) {
    logger.fatal({ err: error }, 'start failed; shutting down');
    await beginShutdown(1);
  }
}
