import { describe, expect, it } from 'vitest';
import type { KpiReport } from '../src/clients/types.ts';
import { deliveriesByChannel } from '../src/domain/deliveries.ts';
import { lastMonths, pointHeight, trendChartSvg, trendSeries } from '../src/domain/kpi-trend.ts';

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

describe('the last months as KPI periods', () => {
  it.each([
    // today, count, expected [from, to, label] oldest first
    [
      '2026-12-05',
      3,
      [
        ['2026-10-01', '2026-10-31', '2026-10'],
        ['2026-11-01', '2026-11-30', '2026-11'],
        ['2026-12-01', '2026-12-05', '2026-12'],
      ],
    ],
    // Across a year end.
    [
      '2027-01-31',
      2,
      [
        ['2026-12-01', '2026-12-31', '2026-12'],
        ['2027-01-01', '2027-01-31', '2027-01'],
      ],
    ],
    // A leap February and a common one.
    [
      '2028-03-01',
      2,
      [
        ['2028-02-01', '2028-02-29', '2028-02'],
        ['2028-03-01', '2028-03-01', '2028-03'],
      ],
    ],
    [
      '2027-03-15',
      2,
      [
        ['2027-02-01', '2027-02-28', '2027-02'],
        ['2027-03-01', '2027-03-15', '2027-03'],
      ],
    ],
    // One period: the current month up to today.
    ['2026-07-10', 1, [['2026-07-01', '2026-07-10', '2026-07']]],
  ] as const)('%s, %i months', (today, count, expected) => {
    expect(lastMonths(day(today), count).map((p) => [p.from, p.to, p.label])).toEqual(expected);
  });

  it('six months from a late instant in UTC still ends today (UTC day)', () => {
    const periods = lastMonths(new Date('2026-06-30T23:59:59Z'), 6);
    expect(periods.map((p) => p.label)).toEqual([
      '2026-01',
      '2026-02',
      '2026-03',
      '2026-04',
      '2026-05',
      '2026-06',
    ]);
    expect(periods.at(-1)).toMatchObject({ from: '2026-06-01', to: '2026-06-30' });
  });
});

const report = (
  lines: { currency: string; dso?: string | null; badDebtRate?: string | null }[],
): KpiReport => ({
  from: '2026-01-01',
  to: '2026-01-31',
  currencies: lines.map((l) => ({
    currency: l.currency,
    dso: l.dso ?? null,
    cei: '90.5',
    overdueRatio: '0.1250',
    ...(l.badDebtRate === undefined ? {} : { badDebtRate: l.badDebtRate }),
    closingReceivables: '100.00',
  })),
});

describe('KPI series per currency and metric', () => {
  it('lines up each currency across the periods; a missing report or currency gives nulls', () => {
    const series = trendSeries([
      report([{ currency: 'KWD', dso: '40.2', badDebtRate: '0.0100' }]),
      undefined,
      report([
        { currency: 'KWD', dso: '38.0' },
        { currency: 'JPY', dso: '12.5', badDebtRate: '0' },
      ]),
    ]);
    expect(series.map((s) => `${s.currency}.${s.metric}`)).toEqual([
      'JPY.dso',
      'JPY.cei',
      'JPY.overdueRatio',
      'JPY.badDebtRate',
      'KWD.dso',
      'KWD.cei',
      'KWD.overdueRatio',
      'KWD.badDebtRate',
    ]);
    expect(series.find((s) => s.currency === 'KWD' && s.metric === 'dso')?.values).toEqual([
      '40.2',
      null,
      '38.0',
    ]);
    expect(series.find((s) => s.currency === 'JPY' && s.metric === 'dso')?.values).toEqual([
      null,
      null,
      '12.5',
    ]);
    // A ledger without the bad-debt field: null, not a crash.
    expect(series.find((s) => s.currency === 'KWD' && s.metric === 'badDebtRate')?.values).toEqual([
      '0.0100',
      null,
      null,
    ]);
  });

  it('has no series without any report', () => {
    expect(trendSeries([undefined, undefined])).toEqual([]);
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
