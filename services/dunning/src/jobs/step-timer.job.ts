import { DelayedError, type Job } from 'bullmq';
import type pg from 'pg';
import type { EngineContext } from '../commands/engine-context.ts';
import { runDueSteps } from '../commands/run-due-steps.ts';

export const STEP_TIMER_QUEUE = 'dunning-step-timers';

/** A timer only names the step: PostgreSQL holds everything else and decides whether it runs. */
export interface StepTimerData {
  stepId: string;
}

/** Fires a step's timer. A step moved later since its timer was set (a pause) re-arms the timer. */
export function stepTimerProcessor(pool: pg.Pool, context: EngineContext) {
  return async (job: Job<StepTimerData>, token?: string): Promise<string> => {
    const outcome = await runDueSteps(pool, context, job.data.stepId);
    if (outcome.status === 'not-due') {
      await job.moveToDelayed(Math.max(outcome.runAt.getTime(), Date.now() + 1), token);
      throw new DelayedError();
    }
    return outcome.status;
  };
}
