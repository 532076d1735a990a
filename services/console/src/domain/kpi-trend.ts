import type { KpiReport } from '../clients/types.ts';
import { minorUnits } from './aging-chart.ts';

/** One reporting period: calendar month days, both inclusive, as the ledger's KPI report takes them. */
export interface Period {
  from: string;
  to: string;
  /** `YYYY-MM` */
  label: string;
}

export const TREND_METRICS = ['dso', 'cei', 'overdueRatio', 'badDebtRate'] as const;
export type TrendMetric = (typeof TREND_METRICS)[number];

const isoDay = (date: Date) => date.toISOString().slice(0, 10);

/**
 * The last `count` calendar months (UTC days) ending with the month of `today`, oldest first; the
 * current month runs only up to today, since the ledger cannot report on days still to come.
 */
export function lastMonths(today: Date, count: number): Period[] {
  const periods: Period[] = [];
  const year = today.getUTCFullYear();
  const month = today.getUTCMonth();
  for (let back = count - 1; back >= 0; back--) {
    const start = new Date(Date.UTC(year, month - back, 1));
    // Day 0 of the next month is this month's last day, whatever its length (28–31).
    const end = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 0));
    periods.push({
      from: isoDay(start),
      to: back === 0 ? isoDay(today) : isoDay(end),
      label: isoDay(start).slice(0, 7),
    });
  }
  return periods;
}

export interface TrendSeries {
  currency: string;
  metric: TrendMetric;
  /** One value per period, oldest first; null when the ledger had no figure (or no report). */
  values: (string | null)[];
}

/** Every currency's series of each metric across the periods' reports (a missing report: nulls). */
export function trendSeries(reports: readonly (KpiReport | undefined)[]): TrendSeries[] {
  const currencies = [...new Set(reports.flatMap((r) => r?.currencies.map((c) => c.currency) ?? []))].sort();
  return currencies.flatMap((currency) =>
    TREND_METRICS.map((metric) => ({
      currency,
      metric,
      values: reports.map((report) => {
        const line = report?.currencies.find((c) => c.currency === currency);
        return line?.[metric] ?? null;
      }),
    })),
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
 * being drawn as zero. Negative values sit on the axis.
 */
export function trendChartSvg(title: string, points: readonly TrendPoint[]): string {
  const decimals = Math.max(0, ...points.map((p) => p.value?.split('.')[1]?.length ?? 0));
  const scaled = points.map((p) => (p.value === null ? null : minorUnits(p.value, decimals)));
  let max = 0n;
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
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${escapeXml(title)}" ` +
    `viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" class="chart trend-chart">` +
    `<title>${escapeXml(title)}</title>${lines}${marks}</svg>`
  );
}
