import { ErpEvent } from '@dunning/contracts';
import { customerKey } from '@dunning/erp-simulator';
import { describe, expect, it } from 'vitest';
import { distribution, percentile, perSecondCounts } from '../src/domain/stats.ts';
import { checkTargets } from '../src/domain/targets.ts';
import { ErpLoad } from '../src/load/erp-load.ts';
import { chartSvg, niceStep, svgToPng } from '../src/report/chart.ts';
import { movingAverage } from '../src/report/panels.ts';

describe('latency figures', () => {
  it('takes nearest-rank percentiles', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(values, 0.5)).toBe(50);
    expect(percentile(values, 0.99)).toBe(99);
    expect(percentile([], 0.5)).toBeUndefined();
  });

  it('ranks what never completed above everything measured, so a p99 among them is unknown', () => {
    const measured = Array.from({ length: 98 }, () => 10);
    expect(distribution(measured, 2)).toEqual({ count: 98, p50: 10, p99: null, max: null });
    expect(distribution([...measured, 20], 1)).toMatchObject({ p50: 10, p99: 20 });
    expect(distribution([3, 1, 2])).toEqual({ count: 3, p50: 2, p99: 3, max: 3 });
  });

  it('counts instants per whole second and smooths saw-toothed counts', () => {
    expect(perSecondCounts([1000, 1500, 2999, 4100], 1000, 5000)).toEqual([2, 1, 0, 1]);
    expect(movingAverage([0, 10, 0, 10], 2)).toEqual([0, 5, 5, 5]);
  });
});

describe('targets', () => {
  it('marks each target met, missed or not measured from the figures', () => {
    const checks = checkTargets({
      ingest: { sustainedPlannedPerSecond: 6_000, overallPlannedPerSecond: 5_500, partial: false },
      latency: { rate: 1_000, achievedRate: 998, p99: 400, sent: 30_000, planned: 30_000 },
      peakRssMiB: { invoices: 250, dunning: 320 },
      redis: { bytesPerOpenCase: 3, openCases: 100_000 },
    });
    expect(checks.map((c) => c.status)).toEqual(['met', 'missed', 'not measured', 'missed', 'met']);
    expect(checks[1]!.measured).toContain('400 ms');
  });

  it('never counts a cut-off run or an unknown p99 as met', () => {
    const checks = checkTargets({
      ingest: { sustainedPlannedPerSecond: 9_000, overallPlannedPerSecond: 9_000, partial: true },
      latency: { rate: 1_000, achievedRate: 1_000, p99: null, sent: 30_000, planned: 100 },
    });
    expect(checks[0]!.status).toBe('missed');
    expect(checks[1]!.status).toBe('missed');
  });
});

describe('the ERP load', () => {
  it('introduces every customer before any invoice, with events valid against the contract', () => {
    const load = new ErpLoad('t1', 1_500);
    const customers = [...load.customerBatches()].flat();
    const invoices = load.invoices(4_000);
    expect(customers).toHaveLength(1_500);
    for (const event of [...customers, ...invoices]) expect(ErpEvent.safeParse(event).success).toBe(true);
    const known = new Set(customers.map(customerKey));
    expect(invoices.every((event) => known.has(customerKey(event)))).toBe(true);
    expect(new Set(invoices.map((e) => e.id)).size).toBe(4_000);
  });
});

describe('the chart', () => {
  it('picks round tick steps', () => {
    expect(niceStep(5_000)).toBe(1_000);
    expect(niceStep(230)).toBe(50);
    expect(niceStep(0)).toBe(1);
  });

  it('renders panels to a PNG, gaps and lone values included', () => {
    const svg = chartSvg('test', [
      { title: 'rate', unit: '/s', lines: [{ label: 'a', values: [1, 2, null, 4, null, 3, 5] }] },
      {
        title: 'lateness',
        unit: 's',
        lines: [{ label: 'p99', values: [] }],
        target: { value: 30, label: 'target' },
      },
    ]);
    expect(svg).toContain('<circle');
    const png = svgToPng(svg);
    expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
    expect(png.length).toBeGreaterThan(1_000);
  });
});
