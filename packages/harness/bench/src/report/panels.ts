import { serviceNames } from '@dunning/platform-manifest';
import type { OpsSample } from '../platform/pipeline-sampler.ts';
import type { ProcessSample } from '../platform/process-sampler.ts';
import type { Line, Panel } from './chart.ts';
import type { BenchReport } from './report.ts';

/**
 * Gauge values sampled at instants, placed on whole seconds since `startMs`: the last sample of a
 * second wins, and a second without a sample holds the value before it.
 */
function onSeconds<T>(
  samples: T[],
  at: (s: T) => number,
  value: (s: T) => number | undefined,
  startMs: number,
) {
  const values: (number | null)[] = [];
  for (const sample of samples) {
    const second = Math.floor((at(sample) - startMs) / 1000);
    if (second < 0) continue;
    for (let gap = values.length; gap < second; gap++) values[gap] = values[gap - 1] ?? null;
    values[second] = value(sample) ?? null;
  }
  return values;
}

/**
 * Mean over the `width` seconds ending at each second: consumers commit a chunk at a time, so
 * per-second counts saw-tooth; the JSON keeps the raw counts.
 */
export function movingAverage(values: readonly number[], width = 5): number[] {
  return values.map((_, i) => {
    const window = values.slice(Math.max(0, i - width + 1), i + 1);
    return Math.round(window.reduce((sum, v) => sum + v, 0) / window.length);
  });
}

function rssPanel(phase: string, samples: ProcessSample[]): Panel {
  const start = samples[0]?.at ?? 0;
  return {
    title: `${phase}: RSS per service (from the phase's start)`,
    unit: 'MiB',
    lines: serviceNames.map((name) => ({
      label: name,
      values: onSeconds(
        samples,
        (s) => s.at,
        (s) => s.rssMiB[name],
        start,
      ),
    })),
    target: { value: 300, label: 'target 300 MB' },
  };
}

function cpuPanel(phase: string, samples: ProcessSample[]): Panel {
  const start = samples[0]?.at ?? 0;
  const names = Object.keys(samples[0]?.cpuPercent ?? {});
  return {
    title: `${phase}: CPU per process, 100 = one core (from the phase's start)`,
    unit: '%',
    lines: names.map((name) => ({
      label: name,
      values: onSeconds(
        samples,
        (s) => s.at,
        (s) => s.cpuPercent[name],
        start,
      ),
    })),
  };
}

function backlogPanel(phase: string, ops: OpsSample[], startMs: number): Panel {
  const outbox: Line[] = serviceNames.map((name) => ({
    label: `outbox ${name}`,
    values: onSeconds(
      ops,
      (s) => s.at,
      (s) => s.outbox[name],
      startMs,
    ),
  }));
  const groups = [...new Set(ops.flatMap((s) => Object.keys(s.lag)))];
  const lag: Line[] = groups
    .filter((g) => ops.some((s) => (s.lag[g] ?? 0) > 0))
    .map((g) => ({
      label: `lag ${g.split(' <- ')[0]!.slice(0, 22)}`,
      values: onSeconds(
        ops,
        (s) => s.at,
        (s) => s.lag[g],
        startMs,
      ),
    }));
  return {
    title: `${phase}: outbox backlog and consumer lag (sampled every 2 s)`,
    unit: 'messages',
    lines: [...outbox.filter((l) => l.values.some((v) => (v ?? 0) > 0)), ...lag].slice(0, 8),
  };
}

/** The chart's panels: throughput and lateness over time per phase, then where the time went. */
export function reportPanels(report: BenchReport): Panel[] {
  const panels: Panel[] = [];
  if (report.ingest) {
    const r = report.ingest.result;
    panels.push(
      {
        title: 'ingest: throughput per stage (5 s moving average)',
        unit: 'per second',
        lines: [
          { label: 'ERP events produced', values: movingAverage(r.series.produced) },
          { label: 'invoices in ledger', values: movingAverage(r.series.ledger) },
          { label: 'invoices planned', values: movingAverage(r.series.planned) },
        ],
        target: { value: 5000, label: 'target 5,000 invoices/s' },
      },
      backlogPanel('ingest', r.ops, r.startedAt),
      cpuPanel('ingest', report.ingest.samples),
      rssPanel('ingest', report.ingest.samples),
    );
  }
  if (report.latency) {
    const r = report.latency.result;
    panels.push(
      {
        title: `latency: ERP event to dunning plan at ${r.rate.toLocaleString('en-US')} ev/s (by second produced)`,
        unit: 'ms',
        lines: [
          { label: 'p50', values: r.series.p50 },
          { label: 'p99', values: r.series.p99 },
        ],
        target: { value: 250, label: 'target p99 250 ms' },
      },
      {
        title: 'latency: events produced and plans committed (5 s moving average)',
        unit: 'per second',
        lines: [
          { label: 'events produced', values: movingAverage(r.series.sent) },
          { label: 'plans committed', values: movingAverage(r.series.plans) },
        ],
      },
    );
  }
  if (report.burst) {
    const r = report.burst.result;
    const seconds = (values: (number | null)[]) => values.map((v) => (v === null ? null : v / 1000));
    panels.push(
      {
        title: 'burst: steps run and notices sent (from the due instant, 5 s moving average)',
        unit: 'per second',
        lines: [
          { label: 'steps run', values: movingAverage(r.series.steps) },
          { label: 'notices sent', values: movingAverage(r.series.deliveries) },
        ],
      },
      {
        title: 'burst: lateness of what finished each second',
        unit: 's',
        lines: [
          { label: 'step p50', values: seconds(r.series.stepP50) },
          { label: 'step p99', values: seconds(r.series.stepP99) },
          { label: 'delivery p50', values: seconds(r.series.deliveryP50) },
          { label: 'delivery p99', values: seconds(r.series.deliveryP99) },
        ],
        target: { value: 30, label: 'target p99 30 s' },
      },
      cpuPanel('burst', report.burst.samples),
      rssPanel('burst', report.burst.samples),
    );
  }
  return panels;
}
