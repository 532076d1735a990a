import type { RunOutcome } from '../commands/run-due-steps.ts';

type RunBatch = (stepIds: string[]) => Promise<Map<string, RunOutcome>>;

export interface StepRunBatcher {
  /** Resolves once the transaction that ran (or declined) the step has committed. */
  run(stepId: string): Promise<RunOutcome>;
}

interface Waiter {
  resolve(outcome: RunOutcome): void;
  reject(error: unknown): void;
}

/**
 * Gathers the steps whose timers fire together into shared transactions: a step run is bound by round
 * trips to PostgreSQL, so a month-end burst runs hundreds of steps per transaction instead of one. While
 * batches are running, newly fired steps wait and form the next batch (at most `parallel` at a time); a
 * step firing alone runs at once. A failing batch is split in halves until the failing step is alone, so one bad step cannot hold
 * back the others.
 */
export function createStepRunBatcher(
  runBatch: RunBatch,
  options: { maxBatch: number; parallel: number; lingerMs?: number },
): StepRunBatcher {
  const lingerMs = options.lingerMs ?? 10;
  const waiting = new Map<string, Waiter[]>();
  let running = 0;
  let scheduled = false;
  let firstWaitingSince = 0;
  let lingerTimer: NodeJS.Timeout | undefined;

  const runSplitting = async (ids: string[]): Promise<Map<string, RunOutcome | { error: unknown }>> => {
    try {
      return await runBatch(ids);
    } catch (error) {
      if (ids.length === 1) return new Map([[ids[0]!, { error }]]);
      const half = Math.ceil(ids.length / 2);
      const [first, second] = [await runSplitting(ids.slice(0, half)), await runSplitting(ids.slice(half))];
      return new Map([...first, ...second]);
    }
  };

  // With a batch already running, a small one waits up to lingerMs for company: fewer, fuller transactions.
  const shouldStart = () =>
    running === 0 || waiting.size >= options.maxBatch || Date.now() - firstWaitingSince >= lingerMs;

  const drain = () => {
    scheduled = false;
    clearTimeout(lingerTimer);
    lingerTimer = undefined;
    while (running < options.parallel && waiting.size > 0) {
      if (!shouldStart()) {
        lingerTimer = setTimeout(drain, Math.max(1, lingerMs - (Date.now() - firstWaitingSince)));
        return;
      }
      const ids = [...waiting.keys()].slice(0, options.maxBatch);
      const waiters = ids.map((id) => [id, waiting.get(id)!] as const);
      for (const id of ids) waiting.delete(id);
      firstWaitingSince = Date.now();
      running += 1;
      void runSplitting(ids)
        .then((outcomes) => {
          for (const [id, list] of waiters) {
            const outcome = outcomes.get(id);
            for (const w of list) {
              if (outcome && !('error' in outcome)) w.resolve(outcome);
              else w.reject(outcome?.error ?? new Error(`no outcome for step ${id}`));
            }
          }
        })
        .finally(() => {
          running -= 1;
          drain();
        });
    }
  };

  return {
    run(stepId) {
      return new Promise<RunOutcome>((resolve, reject) => {
        const list = waiting.get(stepId);
        if (waiting.size === 0) firstWaitingSince = Date.now();
        if (list) list.push({ resolve, reject });
        else waiting.set(stepId, [{ resolve, reject }]);
        // Wait for the rest of this turn of the event loop, so timers firing together share a batch.
        if (!scheduled) {
          scheduled = true;
          setImmediate(drain);
        }
      });
    },
  };
}
