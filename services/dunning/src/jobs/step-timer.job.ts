import { DelayedError, type Job } from 'bullmq';
import type { StepRunBatcher } from './step-run-batcher.ts';

export const STEP_TIMER_QUEUE = 'dunning-step-timers';

/** A timer only names the step: PostgreSQL holds everything else and decides whether it runs. */
export interface StepTimerData {
  stepId: string;
}

// A step whose customer another transaction holds is tried again this much later.
const BUSY_RETRY_MS = 50;

/**
 * Fires a step's timer through the batcher (timers firing together share a transaction). A step moved
 * later since its timer was set (a pause) re-arms the timer.
 */
export function stepTimerProcessor(batcher: StepRunBatcher) {
  return async (job: Job<StepTimerData>, token?: string): Promise<string> => {
    const outcome = await batcher.run(job.data.stepId);
    if (outcome.status === 'not-due' || outcome.status === 'busy') {
      const at = outcome.status === 'busy' ? Date.now() + BUSY_RETRY_MS : outcome.runAt.getTime();
      await job.moveToDelayed(Math.max(at, Date.now() + 1), token);
      throw new DelayedError();
    }
    return outcome.status;
  };
}
