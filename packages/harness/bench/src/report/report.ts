import type { Ceiling } from '../ceilings.ts';
import type { TargetCheck } from '../domain/targets.ts';
import type { Machine } from '../machine.ts';
import type { BurstResult } from '../phases/burst.ts';
import type { IngestResult } from '../phases/ingest.ts';
import type { LatencyResult } from '../phases/latency.ts';
import type { PagesResult } from '../phases/pages.ts';
import type { OpsSample } from '../platform/pipeline-sampler.ts';
import type { PhaseRun } from '../platform/run-phase.ts';

/** Everything one run measured: written as JSON, summarised as Markdown and a chart. */
export interface BenchReport {
  measuredAt: string;
  command: string;
  machine: Machine;
  /** Load averages when the run ended. */
  loadAverageAtEnd: number[];
  ceilings: Ceiling[];
  ingest?: PhaseRun<IngestResult>;
  latency?: PhaseRun<LatencyResult>;
  burst?: PhaseRun<BurstResult>;
  pages?: PhaseRun<PagesResult>;
  targets: TargetCheck[];
  /** V8 CPU profiles of the services (with --cpu-prof), relative to the repository. */
  cpuProfiles: string[];
  /** Phases that failed, with their error. */
  failures: { phase: string; error: string }[];
}

/** Peak of each series over the samples: outbox backlog per service, lag per consumer group. */
export function opsPeaks(ops: OpsSample[]) {
  const outbox: Record<string, number> = {};
  const lag: Record<string, number> = {};
  for (const sample of ops) {
    for (const [k, v] of Object.entries(sample.outbox)) outbox[k] = Math.max(outbox[k] ?? 0, v);
    for (const [k, v] of Object.entries(sample.lag)) lag[k] = Math.max(lag[k] ?? 0, v);
  }
  return { outbox, lag };
}
