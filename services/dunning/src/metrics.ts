import { Counter, Histogram, type Registry } from '@dunning/service-runtime';

// Declared once per process and added to each started service's registry (`registerDunningMetrics`).

/** From the ledger's issued fact (its time) to the case's ladder being written. */
export const eventToPlanSeconds = new Histogram({
  name: 'dunning_event_to_plan_seconds',
  help: "From an invoice's issued fact (the ledger's time) to its ladder being planned.",
  buckets: [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
  registers: [],
});

/** How long after its time a step ran; the 60 s bucket is the service level's threshold. */
export const stepLatenessSeconds = new Histogram({
  name: 'dunning_step_lateness_seconds',
  help: 'How long after its run time a step ran (0 for one run early with a consolidated notice).',
  buckets: [1, 5, 10, 30, 60, 120, 300, 900, 3600],
  registers: [],
});

export const stepsRun = new Counter({
  name: 'dunning_steps_run_total',
  help: 'Steps run as (part of) a notice, by the level of the notice item.',
  labelNames: ['level'] as const,
  registers: [],
});

export function registerDunningMetrics(registry: Registry): void {
  for (const metric of [eventToPlanSeconds, stepLatenessSeconds, stepsRun]) registry.registerMetric(metric);
}

/** Steps that ran, each at its level and with its run time, observed once their transaction committed. */
export function observeStepsRun(ran: { level: number; runAt: Date }[], now: Date): void {
  for (const { level, runAt } of ran) {
    stepsRun.inc({ level: String(level) });
    stepLatenessSeconds.observe(Math.max(0, now.getTime() - runAt.getTime()) / 1000);
  }
}
