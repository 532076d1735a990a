import {
  openRedis,
  type PeriodicJobGuards,
  type RunningPeriodicJob,
  startPeriodicJob,
} from '@dunning/service-host';
import { Queue, Worker } from 'bullmq';
import type pg from 'pg';
import type { Logger } from 'pino';
import type { CommandContext } from '../commands/command-context.ts';
import { runDueSteps } from '../commands/run-due-steps.ts';
import { pumpHorizon } from './horizon-pump.ts';
import { createStepRunBatcher } from './step-run-batcher.ts';
import { STEP_TIMER_QUEUE, type StepTimerData, stepTimerProcessor } from './step-timer.job.ts';
import { sweep } from './sweeper.ts';

export interface StepTimers {
  queue: Queue<StepTimerData>;
  worker: Worker<StepTimerData>;
  /** Runs one pump pass now (tests, benchmarks). */
  pump(): Promise<number>;
  /** The timer queue's job counts (GET /v1/ops/status). */
  getJobCounts(): Promise<Record<string, number>>;
  stop(): Promise<void>;
}

/**
 * The BullMQ side of the engine: queue + worker for timers, the horizon pump and the sweeper. The pump
 * and the sweeper are exclusive jobs (one replica at a time, under `guards.lock`): two pumps would read
 * the same steps to enqueue, two sweepers would race for the same overdue steps.
 */
export async function startStepTimers(
  pool: pg.Pool,
  context: CommandContext,
  logger: Logger,
  guards: PeriodicJobGuards = {},
): Promise<StepTimers> {
  const { config } = context;
  const connection = () => openRedis(config, { maxRetriesPerRequest: null });
  const queueConnection = connection();
  const workerConnection = connection();
  for (const c of [queueConnection, workerConnection])
    c.on('error', (error) => logger.warn({ err: error }, 'bullmq redis error'));
  const queue = new Queue<StepTimerData>(STEP_TIMER_QUEUE, {
    connection: queueConnection,
    prefix: config.bullPrefix,
  });
  const batcher = createStepRunBatcher((stepIds) => runDueSteps(pool, context, stepIds), {
    maxBatch: config.STEP_RUN_BATCH_SIZE,
    parallel: config.STEP_RUN_PARALLEL,
  });
  const worker = new Worker<StepTimerData>(STEP_TIMER_QUEUE, stepTimerProcessor(batcher), {
    connection: workerConnection,
    prefix: config.bullPrefix,
    concurrency: config.STEP_WORKER_CONCURRENCY,
  });
  worker.on('failed', (job, error) =>
    logger.warn({ err: error, stepId: job?.data.stepId }, 'step timer failed'),
  );
  worker.on('error', (error) => logger.warn({ err: error }, 'step timer worker error'));
  const loops: RunningPeriodicJob[] = [
    await startPeriodicJob(
      {
        name: 'horizon-pump',
        everyMs: config.pumpIntervalMs,
        firstRunAfterMs: 0,
        run: () => pumpHorizon(pool, queue, context, queueConnection),
      },
      logger,
      guards,
    ),
    await startPeriodicJob(
      {
        name: 'sweeper',
        everyMs: config.sweepIntervalMs,
        firstRunAfterMs: 0,
        run: () => sweep(pool, context, batcher, logger),
      },
      logger,
      guards,
    ),
  ];
  return {
    queue,
    worker,
    pump: () => pumpHorizon(pool, queue, context, queueConnection),
    getJobCounts: () => queue.getJobCounts(),
    async stop() {
      await Promise.all(loops.map((loop) => loop.stop()));
      await worker.close();
      await queue.close();
      queueConnection.disconnect();
      workerConnection.disconnect();
    },
  };
}
