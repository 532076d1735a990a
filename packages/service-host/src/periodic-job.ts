import type { Logger } from 'pino';

/** Work a service repeats on an interval (a sweep, a pump, an announcer). */
export interface PeriodicJob<T = unknown> {
  name: string;
  /** Pause between the end of one run and the start of the next (runs never overlap). */
  everyMs: number;
  /**
   * One run. `signal` is aborted when the job stops: a run that loops over batches checks it and
   * returns early. A failed run is logged; the next one runs after `everyMs` as usual.
   */
  run(signal: AbortSignal): Promise<T>;
  /** Delay before the first run (default `everyMs`). */
  firstRunAfterMs?: number;
  /** Run once while the service starts, before anything declared after this job starts. */
  runAtStart?: boolean;
}

export interface RunningPeriodicJob<T = unknown> {
  /**
   * Runs the job now (tests, shutdown) and resolves with the run's result. Runs take turns: one asked
   * for while the timer's run is under way starts after it, so it sees what that run left behind.
   */
  runOnce(): Promise<T>;
  /** No further runs; resolves once the run under way (if any) has finished. */
  stop(): Promise<void>;
}

/** The one periodic loop of every service: never overlapping itself, errors logged, a clean stop. */
export async function startPeriodicJob<T>(
  job: PeriodicJob<T>,
  logger: Logger,
): Promise<RunningPeriodicJob<T>> {
  const abort = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();

  function runOnce(): Promise<T> {
    const run = running.then(() => job.run(abort.signal));
    running = run.catch(() => undefined);
    return run;
  }

  async function runLogged(): Promise<void> {
    try {
      await runOnce();
    } catch (error) {
      if (!abort.signal.aborted)
        logger.warn({ err: error, job: job.name }, `${job.name} failed; it runs again in ${job.everyMs} ms`);
    }
  }

  function schedule(delayMs: number): void {
    if (abort.signal.aborted) return;
    timer = setTimeout(() => {
      void runLogged().then(() => schedule(job.everyMs));
    }, delayMs);
  }

  if (job.runAtStart) await runLogged();
  schedule(job.firstRunAfterMs ?? job.everyMs);
  return {
    runOnce,
    async stop() {
      abort.abort();
      clearTimeout(timer);
      await running;
    },
  };
}
