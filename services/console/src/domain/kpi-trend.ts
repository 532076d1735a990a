import type { TrendFigure, TrendsReport } from '../clients/types.ts';
import { minorUnits } from './aging-chart.ts';

export const TREND_METRICS = [
  'dso',
  'arTurnover',
  'overdueRatio',
  'over90Share',
  'badDebtRate',
  'cei',
] as const;
export type TrendMetric = (typeof TREND_METRICS)[number];

export interface TrendSeries {
  currency: string;
  metric: TrendMetric;
  /** One figure per month of the report, oldest first; null when the ledger had no line that month. */
  figures: (TrendFigure | null)[];
  /** The metric's target and direction (the same every month; from the first month that has them). */
  target: string | null;
  better: 'lower' | 'higher' | null;
}

/** Every currency's series of each metric across the trends report's months (sorted by currency). */
export function trendSeries(report: TrendsReport | undefined): TrendSeries[] {
  const months = report?.months ?? [];
  const currencies = [...new Set(months.flatMap((m) => m.currencies.map((c) => c.currency)))].sort();
  return currencies.flatMap((currency) =>
    TREND_METRICS.map((metric) => {
      const figures = months.map((m) => m.currencies.find((c) => c.currency === currency)?.[metric] ?? null);
      const known = figures.find((f) => f !== null);
      return { currency, metric, figures, target: known?.target ?? null, better: known?.better ?? null };
    }),
  );
}

export interface TrendPoint {
  label: string;
  value: string | null;
  /** The value formatted for the reader, used in the point's title. */
  shown: string;
}

const WIDTH = 300;
const HEIGHT = 120;
const PLOT = 80;
const TOP = 10;

const escapeXml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );

/** Pixel height of `value` against `max` (0..PLOT), compared as BigInt like the aging chart. */
export function pointHeight(value: bigint, max: bigint): number {
  if (max <= 0n || value <= 0n) return 0;
  return Number((value * BigInt(PLOT)) / max);
}

/**
 * A line chart of one metric over the periods as SVG markup (no script: the CSP holds). Values are
 * decimal strings compared as scaled BigInts; a period without a value breaks the line rather than
 * being drawn as zero. Negative values sit on the axis. A target, when given, is a dashed line on the
 * same scale (the scale reaches it, so a series far below its target still shows the gap).
 */
export function trendChartSvg(
  title: string,
  points: readonly TrendPoint[],
  target: string | null = null,
): string {
  const decimals = Math.max(
    0,
    ...[...points.map((p) => p.value), target].map((v) => v?.split('.')[1]?.length ?? 0),
  );
  const scaled = points.map((p) => (p.value === null ? null : minorUnits(p.value, decimals)));
  const goal = target === null ? null : minorUnits(target, decimals);
  let max = goal !== null && goal > 0n ? goal : 0n;
  for (const value of scaled) if (value !== null && value > max) max = value;
  const slot = WIDTH / Math.max(1, points.length);
  const xOf = (i: number) => Math.round(i * slot + slot / 2);
  const yOf = (value: bigint) => TOP + PLOT - pointHeight(value, max);
  const segments: string[][] = [];
  let current: string[] = [];
  scaled.forEach((value, i) => {
    if (value === null) {
      if (current.length > 0) segments.push(current);
      current = [];
    } else current.push(`${xOf(i)},${yOf(value)}`);
  });
  if (current.length > 0) segments.push(current);
  const lines = segments
    .filter((s) => s.length > 1)
    .map((s) => `<polyline class="trend" fill="none" points="${s.join(' ')}"></polyline>`)
    .join('');
  const marks = points
    .map((point, i) => {
      const value = scaled[i];
      const dot =
        value === null || value === undefined
          ? ''
          : `<circle class="point" cx="${xOf(i)}" cy="${yOf(value)}" r="3"></circle>`;
      return (
        `<g><title>${escapeXml(`${point.label}: ${point.shown}`)}</title>${dot}` +
        `<text x="${xOf(i)}" y="${HEIGHT - 8}" text-anchor="middle">${escapeXml(point.label.slice(2))}</text></g>`
      );
    })
    .join('');
  const goalLine =
    goal === null
      ? ''
      : `<line class="target" x1="0" x2="${WIDTH}" y1="${yOf(goal)}" y2="${yOf(goal)}"></line>`;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${escapeXml(title)}" ` +
    `viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" class="chart trend-chart">` +
    `<title>${escapeXml(title)}</title>${goalLine}${lines}${marks}</svg>`
  );
}
