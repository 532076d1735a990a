import { CurrencyCode } from '@dunning/contracts';
import { platformService } from '@dunning/platform-manifest';
import { hashTagged } from '@dunning/service-host';
import { baseConfigShape, parseConfig } from '@dunning/service-runtime';
import { z } from 'zod';
import { parseCollectionCosts } from './domain/report-figures.ts';

const HOUR_MS = 3_600_000;

const DunningConfigShape = z.object({
  ...baseConfigShape(platformService('dunning')),
  // The currency of a task about no invoice (an alert review) for a customer without any case yet.
  DEFAULT_CURRENCY: CurrencyCode.default('CNY'),
  // BullMQ key prefix (+ "bull", in a hash tag: `{<prefix>bull}`); defaults to the Kafka topic prefix so
  // parallel test runs never share queues.
  BULLMQ_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9._-]*$/)
    .optional(),
  // How far ahead the pump puts step timers into Redis, in days of DAY_MS (1 = the next day).
  HORIZON_DAYS: z.coerce.number().positive().default(1),
  // How often the pump and the sweeper run; default: a quarter of the horizon, 25 ms to 60 s.
  PUMP_INTERVAL_MS: z.coerce.number().int().positive().optional(),
  SWEEP_INTERVAL_MS: z.coerce.number().int().positive().optional(),
  // A step this late without having run is run by the sweeper, not its timer.
  SWEEP_GRACE_MS: z.coerce.number().int().nonnegative().optional(),
  // Timers being handled at once; those firing together run in shared transactions of up to
  // STEP_RUN_BATCH_SIZE steps, STEP_RUN_PARALLEL transactions at a time.
  STEP_WORKER_CONCURRENCY: z.coerce.number().int().positive().default(500),
  STEP_RUN_BATCH_SIZE: z.coerce.number().int().min(1).max(5_000).default(250),
  STEP_RUN_PARALLEL: z.coerce.number().int().min(1).max(32).default(4),
  // Connections of the step runner's own pool: a step run is bound by round trips, so bursts scale with it.
  ENGINE_DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(16),
  // How often the effectiveness report's change log is folded into its totals.
  EFFECTIVENESS_COMPACT_MS: z.coerce.number().int().positive().default(30_000),
  // How often tasks that changed hands are folded into the recovery report's kept facts.
  RECOVERY_COMPACT_MS: z.coerce.number().int().positive().default(30_000),
  // How often the changes of open cases are folded into the cases-by-level counts.
  OPEN_CASE_COUNTS_COMPACT_MS: z.coerce.number().int().positive().default(30_000),
  // One customer's steps of one level falling due within this many days make one notice.
  CONSOLIDATION_WINDOW_DAYS: z.coerce.number().nonnegative().default(1),
  // auto: on for real days, off once DAY_MS is under an hour (business hours mean nothing then).
  SEND_WINDOWS: z.enum(['auto', 'on', 'off']).default('auto'),
  SEND_WINDOW_START_HOUR: z.coerce.number().int().min(0).max(23).default(8),
  SEND_WINDOW_END_HOUR: z.coerce.number().int().min(1).max(24).default(18),
  SEND_WINDOW_WEEKDAYS: z
    .string()
    .default('1,2,3,4,5')
    .transform((value) => value.split(',').map((day) => Number(day.trim())))
    .pipe(z.array(z.int().min(1).max(7)).min(1)),
  PROMISE_GRACE_DAYS: z.coerce.number().int().nonnegative().default(2),
  // An assigned task nobody claimed for this many days goes to another collector, escalated.
  TASK_CLAIM_SLA_DAYS: z.coerce.number().positive().default(1),
  // What collecting costs, per currency: per task done and per notice sent on a channel (README,
  // "Collector report"). JSON; default none, and the reports then give no cost figures.
  COLLECTION_COSTS: z
    .string()
    .default('{}')
    .transform((value, ctx) => {
      let raw: unknown;
      try {
        raw = JSON.parse(value);
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be JSON' });
        return z.NEVER;
      }
      const parsed = parseCollectionCosts(raw);
      if ('costs' in parsed) return parsed.costs;
      for (const p of parsed.problems) ctx.addIssue({ code: 'custom', message: `${p.path}: ${p.message}` });
      return z.NEVER;
    }),
});

export type DunningConfig = z.output<typeof DunningConfigShape> & {
  bullPrefix: string;
  horizonMs: number;
  pumpIntervalMs: number;
  sweepIntervalMs: number;
  sweepGraceMs: number;
  sendWindowsOn: boolean;
};

export function loadConfig(env?: Record<string, string | undefined>): DunningConfig {
  const parsed = parseConfig(DunningConfigShape, env, { service: 'dunning' });
  const horizonMs = Math.round(parsed.HORIZON_DAYS * parsed.DAY_MS);
  const pumpIntervalMs = parsed.PUMP_INTERVAL_MS ?? Math.min(60_000, Math.max(25, Math.round(horizonMs / 4)));
  const sweepIntervalMs = parsed.SWEEP_INTERVAL_MS ?? pumpIntervalMs * 2;
  return {
    ...parsed,
    bullPrefix: hashTagged(`${parsed.BULLMQ_PREFIX ?? parsed.KAFKA_TOPIC_PREFIX}bull`.replace(/:/g, '_')),
    horizonMs,
    pumpIntervalMs,
    sweepIntervalMs,
    sweepGraceMs: parsed.SWEEP_GRACE_MS ?? Math.max(2 * pumpIntervalMs, 250),
    sendWindowsOn:
      parsed.SEND_WINDOWS === 'on' || (parsed.SEND_WINDOWS === 'auto' && parsed.DAY_MS >= HOUR_MS),
  };
}
