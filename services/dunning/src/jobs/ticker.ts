import type { Logger } from 'pino';

export interface Ticker {
  stop(): Promise<void>;
}

/** Runs `work` every `intervalMs`, never overlapping itself; errors are logged and the next tick runs. */
export function startTicker(
  name: string,
  intervalMs: number,
  logger: Logger,
  work: () => Promise<void>,
): Ticker {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const tick = () => {
    running = work()
      .catch((error: unknown) => {
        if (!stopped) logger.warn({ err: error, ticker: name }, 'tick failed');
      })
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, intervalMs);
      });
  };
  timer = setTimeout(tick, 0);
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
