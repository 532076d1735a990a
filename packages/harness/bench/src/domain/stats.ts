/** Nearest-rank percentile of values sorted ascending; undefined when there are none. */
export function percentile(sorted: readonly number[], q: number): number | undefined {
  if (sorted.length === 0) return undefined;
  const rank = Math.ceil(q * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export interface Distribution {
  count: number;
  p50: number | null;
  p99: number | null;
  max: number | null;
}

/**
 * p50/p99/max of some latencies. `missing` counts what never completed: they rank above every
 * measured value, so a p99 that falls among them is null (unknown, beyond the wait) rather than a
 * flattering number.
 */
export function distribution(values: readonly number[], missing = 0): Distribution {
  const sorted = [...values].sort((a, b) => a - b);
  const total = sorted.length + missing;
  const at = (q: number) => {
    if (total === 0) return null;
    const rank = Math.max(1, Math.ceil(q * total));
    return rank <= sorted.length ? sorted[rank - 1]! : null;
  };
  return {
    count: sorted.length,
    p50: at(0.5),
    p99: at(0.99),
    max: missing > 0 ? null : (sorted[sorted.length - 1] ?? null),
  };
}

/** Events per second between two instants (ms); 0 when the span is empty. */
export function ratePerSecond(count: number, fromMs: number, toMs: number): number {
  const seconds = (toMs - fromMs) / 1000;
  return seconds > 0 ? Math.round(count / seconds) : 0;
}

/** One value per whole second since `startMs`, filling seconds without events with zero. */
export function perSecondCounts(instantsMs: readonly number[], startMs: number, endMs: number): number[] {
  const seconds = Math.max(1, Math.ceil((endMs - startMs) / 1000));
  const counts = new Array<number>(seconds).fill(0);
  for (const at of instantsMs) {
    const index = Math.floor((at - startMs) / 1000);
    if (index >= 0 && index < seconds) counts[index]!++;
  }
  return counts;
}

export interface Timings {
  count: number;
  p50: number | null;
  p95: number | null;
  max: number | null;
}

/** p50/p95/max (nearest rank) of some durations in ms, to 0.1 ms; nulls when there are none. */
export function timings(values: readonly number[]): Timings {
  const sorted = [...values].sort((a, b) => a - b);
  const round = (v: number | undefined) => (v === undefined ? null : Math.round(v * 10) / 10);
  return {
    count: sorted.length,
    p50: round(percentile(sorted, 0.5)),
    p95: round(percentile(sorted, 0.95)),
    max: round(sorted.at(-1)),
  };
}

/** The `dur` of a `Server-Timing` header's `app` metric (ms), or undefined when it has none. */
export function serverTimingMs(header: string | null | undefined): number | undefined {
  const match = /(?:^|,)\s*app;(?:[^,]*;)?\s*dur=([\d.]+)/.exec(header ?? '');
  return match ? Number(match[1]) : undefined;
}
