import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dashboardExprs, root, rules } from '../src/artefacts.ts';
import { EXTERNAL_METRICS, exportedSeriesNames, metricNamesIn } from '../src/metric-names.ts';

describe('metricNamesIn', () => {
  it.each([
    ['up{job=~"a|b"} == 0', ['up']],
    [
      'histogram_quantile(0.99, sum by (job, le) (rate(dunning_step_lateness_seconds_bucket[10m]))) > 60',
      ['dunning_step_lateness_seconds_bucket'],
    ],
    [
      'a_total{x="1"} / ignoring(state) b_total > 1e3 and on (slo) group_left() slo:x:ratio_rate5m',
      ['a_total', 'b_total', 'slo:x:ratio_rate5m'],
    ],
    ['vector(0.010)', []],
    ['sum without (instance) (rate(x_total[5m] offset 1h)) or bool y', ['x_total', 'y']],
  ])('%s', (expr, names) => {
    expect(metricNamesIn(expr).sort()).toEqual([...names].sort());
  });
});

describe('metrics used by the rules and the dashboard', () => {
  it('are exported by some service, recorded by a rule, or listed as external', async () => {
    const exported = await exportedSeriesNames();
    const recorded = new Set(rules().flatMap((r) => (r.record ? [r.record] : [])));
    const used = [
      ...rules().map((r) => ({ where: `rule ${r.alert ?? r.record}`, expr: r.expr })),
      ...dashboardExprs().map(({ file, expr }) => ({ where: `dashboard ${file}`, expr })),
    ];
    expect(used.length).toBeGreaterThan(30);
    const unknown = used.flatMap(({ where, expr }) =>
      metricNamesIn(expr)
        .filter((name) => !exported.has(name) && !recorded.has(name) && !EXTERNAL_METRICS.has(name))
        .map((name) => `${where}: ${name}`),
    );
    expect(unknown).toEqual([]);
  });

  it('are each described in the metrics table of docs/operations.md', async () => {
    const operations = readFileSync(join(root, 'docs/operations.md'), 'utf8');
    const documented = new Set([...operations.matchAll(/^\| `([a-z_:]+)`/gm)].map(([, name]) => name));
    // The platform's own metrics (process_ and nodejs_ are prom-client's defaults).
    const ours = [...(await exportedSeriesNames())]
      .filter((name) => !/^(process|nodejs)_/.test(name))
      .map((name) => name.replace(/_(bucket|sum|count)$/, ''));
    expect(ours.length).toBeGreaterThan(15);
    expect([...new Set(ours)].filter((name) => !documented.has(name))).toEqual([]);
  });
});
