import { describe, expect, it } from 'vitest';
import { deliveriesByChannel } from '../src/domain/deliveries.ts';
import { pointHeight, trendChartSvg, trendSeries } from '../src/domain/kpi-trend.ts';

const fig = (value: string | null, target: string, better: 'lower' | 'higher', met: boolean) => ({
  value,
  target,
  better,
  met,
});
const line = (currency: string, dso: string | null, met: boolean) => {
  const other = fig('1.0000', '1', 'higher', true);
  return {
    currency,
    dso: fig(dso, '45', 'lower', met),
    arTurnover: other,
    overdueRatio: other,
    over90Share: other,
    badDebtRate: other,
    cei: other,
  };
};
const month = (m: string, currencies: ReturnType<typeof line>[]) => ({
  month: m,
  from: `${m}-01`,
  to: `${m}-28`,
  currencies,
});

describe('KPI series per currency and metric from the trends report', () => {
  it('lines up each currency across the months with its target; a month without the currency gives null', () => {
    const series = trendSeries({
      months: [
        month('2026-10', [line('KWD', '40.2000', true)]),
        month('2026-11', []),
        month('2026-12', [line('KWD', '52.0000', false), line('JPY', null, false)]),
      ],
    });
    expect(series.map((s) => `${s.currency}.${s.metric}`)).toEqual([
      'JPY.dso',
      'JPY.arTurnover',
      'JPY.overdueRatio',
      'JPY.over90Share',
      'JPY.badDebtRate',
      'JPY.cei',
      'KWD.dso',
      'KWD.arTurnover',
      'KWD.overdueRatio',
      'KWD.over90Share',
      'KWD.badDebtRate',
      'KWD.cei',
    ]);
    const kwd = series.find((s) => s.currency === 'KWD' && s.metric === 'dso');
    expect(kwd?.figures.map((f) => f?.value ?? 'none')).toEqual(['40.2000', 'none', '52.0000']);
    expect(kwd?.figures.map((f) => f?.met ?? 'none')).toEqual([true, 'none', false]);
    expect(kwd).toMatchObject({ target: '45', better: 'lower' });
    // A null value is still a figure with its target (the ledger says it is not met).
    const jpy = series.find((s) => s.currency === 'JPY' && s.metric === 'dso');
    expect(jpy?.figures.map((f) => (f === null ? 'none' : f.value))).toEqual(['none', 'none', null]);
    expect(jpy).toMatchObject({ target: '45', better: 'lower' });
  });

  it('has no series without a report or without months', () => {
    expect(trendSeries(undefined)).toEqual([]);
    expect(trendSeries({ months: [] })).toEqual([]);
  });
});

const points = (values: (string | null)[]) =>
  values.map((value, i) => ({ label: `2026-0${i + 1}`, value, shown: value ?? '–' }));
const ys = (svg: string) => [...svg.matchAll(/<circle[^>]* cy="(\d+)"/g)].map((m) => Number(m[1]));

describe('the trend chart', () => {
  it('scales points to the largest value, compared exactly across decimals', () => {
    const svg = trendChartSvg('DSO, CNY, by month', points(['10', '20.5', '41']));
    // Plot is 80 px high from y=10: 41 is at the top, 20.5 halfway, 10 a quarter (rounded down).
    expect(ys(svg)).toEqual([90 - 19, 90 - 40, 10]);
    expect(svg).toContain('<polyline');
  });

  it('tells apart ratios beyond a double’s precision (3 decimals of KWD and beyond)', () => {
    expect(pointHeight(9_007_199_254_740_993n, 9_007_199_254_740_993n)).toBe(80);
    expect(pointHeight(9_007_199_254_740_992n, 9_007_199_254_740_993n)).toBe(79);
    const svg = trendChartSvg('x', points(['0.001', '0.002']));
    expect(ys(svg)).toEqual([50, 10]);
  });

  it('breaks the line where a period has no figure instead of drawing zero', () => {
    const svg = trendChartSvg('x', points(['5', null, '5', '10']));
    expect(ys(svg)).toHaveLength(3);
    const lines = [...svg.matchAll(/<polyline[^>]* points="([^"]+)"/g)].map((m) => m[1]!.split(' ').length);
    // The lone first point has no segment; the last two are one.
    expect(lines).toEqual([2]);
  });

  it('draws all-zero, negative and empty series on the axis without dividing by zero', () => {
    expect(ys(trendChartSvg('x', points(['0', '0'])))).toEqual([90, 90]);
    expect(ys(trendChartSvg('x', points(['-3', '6'])))).toEqual([90, 10]);
    expect(trendChartSvg('x', [])).toContain('<svg');
  });

  it('draws the target as a line on the same scale, which reaches it', () => {
    const svg = trendChartSvg('x', points(['10', '20']), '40');
    // 40 is the top (y=10), 20 halfway, 10 a quarter.
    expect(svg).toMatch(/<line class="target"[^>]* y1="10" y2="10"/);
    expect(ys(svg)).toEqual([70, 50]);
    expect(trendChartSvg('x', points(['10']))).not.toContain('class="target"');
    // A ratio target with fewer decimals than the values is compared exactly.
    expect(trendChartSvg('x', points(['0.5000']), '0.25')).toMatch(/y1="50"/);
  });

  it('escapes titles and labels and names itself for assistive technology', () => {
    const svg = trendChartSvg('<DSO> & "CEI"', points(['1']));
    expect(svg).toContain('aria-label="&lt;DSO&gt; &amp; &quot;CEI&quot;"');
    expect(svg).toContain('role="img"');
    expect(svg).not.toContain('<DSO>');
    expect(svg).not.toContain('<script');
  });
});

describe('deliveries per channel', () => {
  const counts = (pending: number, sent: number, failed: number, dropped: number) => ({
    pending,
    sent,
    failed,
    dropped,
  });
  it('shows sent, failed and the rest (pending, dropped) per channel, shipped channels first and always shown', () => {
    const rows = deliveriesByChannel([
      { channel: 'fax', counts: counts(0, 1, 0, 0), total: 1 },
      { channel: 'sms', counts: counts(0, 0, 1, 0), total: 1 },
      { channel: 'email', counts: counts(1, 2, 1, 1), total: 5 },
    ]);
    expect(rows).toEqual([
      { channel: 'email', sent: 2, failed: 1, other: 2, total: 5 },
      { channel: 'sms', sent: 0, failed: 1, other: 0, total: 1 },
      { channel: 'letter', sent: 0, failed: 0, other: 0, total: 0 },
      { channel: 'fax', sent: 1, failed: 0, other: 0, total: 1 },
    ]);
  });

  it('shows the shipped channels at zero when nothing was sent', () => {
    expect(deliveriesByChannel([]).map((r) => [r.channel, r.total])).toEqual([
      ['email', 0],
      ['sms', 0],
      ['letter', 0],
    ]);
  });
});
