import type { Logger } from 'pino';
import type { JobLock } from './job-lock.ts';

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
  /**
   * How the service's replicas share the job. `exclusive` (the default): one replica at a time runs
   * it, holding the job's lock for the run; a replica whose turn comes while another holds it skips
   * that turn. `shared`: runs of several replicas may overlap, because the job claims each row it
   * works on (`FOR UPDATE SKIP LOCKED`) and no row is worked twice.
   */
  replicas?: 'exclusive' | 'shared';
}

export interface RunningPeriodicJob<T = unknown> {
  /**
   * Runs the job now (tests, shutdown) and resolves with the run's result. Runs take turns: one asked
   * for while the timer's run is under way starts after it, so it sees what that run left behind. An
   * exclusive job waits for another replica's run rather than skipping.
   */
  runOnce(): Promise<T>;
  /** No further runs; resolves once the run under way (if any) has finished. */
  stop(): Promise<void>;
}

/** What a periodic job reports: each run (ok or failed) and each turn skipped, with why. */
export interface PeriodicJobMetrics {
  ran(job: string, outcome: 'ok' | 'failed'): void;
  skipped(job: string, reason: 'held'): void;
}

export interface PeriodicJobGuards {
  /** Makes `exclusive` jobs one-at-a-time across replicas; without it they are only so in-process. */
  lock?: JobLock;
  metrics?: PeriodicJobMetrics;
}

const skippedTurn = Symbol('skipped');

/** The one periodic loop of every service: never overlapping itself, errors logged, a clean stop. */
export async function startPeriodicJob<T>(
  job: PeriodicJob<T>,
  logger: Logger,
  guards: PeriodicJobGuards = {},
): Promise<RunningPeriodicJob<T>> {
  const abort = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  const lock = job.replicas === 'shared' ? undefined : guards.lock;

  async function attempt(wait: boolean): Promise<T | typeof skippedTurn> {
    try {
      let value: T;
      if (!lock) value = await job.run(abort.signal);
      else {
        const outcome = await lock.hold(job.name, wait, () => job.run(abort.signal));
        if (!outcome.held) {
          guards.metrics?.skipped(job.name, 'held');
          return skippedTurn;
        }
        value = outcome.value;
      }
      guards.metrics?.ran(job.name, 'ok');
      return value;
    } catch (error) {
      guards.metrics?.ran(job.name, 'failed');
      throw error;
    }
  }

  function take<R>(work: () => Promise<R>): Promise<R> {
    const run = running.then(work);
    running = run.catch(() => undefined);
    return run;
  }

  function runOnce(): Promise<T> {
    return take(() => attempt(true) as Promise<T>);
  }

  async function runLogged(): Promise<void> {
    try {
      await take(() => attempt(false));
    } catch (error) {
      if (!abort.signal.aborted)
        logger.warn({ err: error, job: job.name }, `${job.name} failed; it runs again in ${job.everyMs} ms`);
    }
  }

  function schedule(delayMs: number): void {
    if (abort.signal.aborted) return;
    timer = setTimeout(() => {
      void runLogged().then(() => schedule(nextDelay()));
    }, delayMs);
  }

  // Replicas started together would keep meeting each other's runs and the same one would skip every
  // turn of a slow job: each pause of an exclusive job is up to a tenth longer, at random, which
  // spreads their turns apart.
  const nextDelay = () => (lock ? Math.round(job.everyMs * (1 + Math.random() / 10)) : job.everyMs);

  if (job.runAtStart) await runLogged();
  schedule(job.firstRunAfterMs ?? nextDelay());
  return {
    runOnce,
    async stop() {
      abort.abort();
      clearTimeout(timer);
      await running;
    },
  };
}

/**
 * A job whose run moves work in batches until one comes back short, or the job stops (folding a change
 * log into its totals): `step(limit)` answers how much it moved, negative when another replica is at
 * it. A run resolves with the total moved.
 */
export function batchedJob(options: {
  name: string;
  everyMs: number;
  batch: number;
  step(limit: number): Promise<number>;
}): PeriodicJob<number> {
  return {
    name: options.name,
    everyMs: options.everyMs,
    async run(signal) {
      let total = 0;
      for (let moved = options.batch; moved >= options.batch && !signal.aborted; total += Math.max(moved, 0))
        moved = await options.step(options.batch);
      return total;
    },
  };
}
