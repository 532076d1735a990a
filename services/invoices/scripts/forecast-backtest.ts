// Backtest of the cash-flow forecast on the ERP simulator's history:
//   node services/invoices/scripts/forecast-backtest.ts [--customers 400] [--months 24] [--seed 7] [--weeks 13] [--every 14]
// Prints the WAPE per week of horizon (model and the naive due-dates baseline), overall and per currency.
import { parseArgs } from 'node:util';
import { runBacktest } from './forecast-backtest/backtest.ts';

const { values } = parseArgs({
  options: {
    customers: { type: 'string', default: '400' },
    months: { type: 'string', default: '24' },
    seed: { type: 'string', default: '7' },
    weeks: { type: 'string', default: '13' },
    every: { type: 'string', default: '14' },
  },
});
const options = {
  customers: Number(values.customers),
  months: Number(values.months),
  seed: Number(values.seed),
  weeks: Number(values.weeks),
  everyDays: Number(values.every),
  firstOriginDay: 180,
};
const startedAt = performance.now();
const result = runBacktest(options);
const pct = (value: number) => `${(value * 100).toFixed(1)}%`.padStart(7);
const out = (line: string) => process.stdout.write(`${line}\n`);
out(
  `${options.customers} customers, ${options.months} months (seed ${options.seed}): ${result.invoices} invoices, ` +
    `${result.origins} forecast dates every ${options.everyDays} days from day ${options.firstOriginDay}`,
);
out('WAPE per week of horizon (mean over currencies): model vs naive (due dates as-is)');
out(`week   model   naive`);
for (const row of result.overall) out(`${String(row.week).padStart(4)} ${pct(row.model)} ${pct(row.naive)}`);
out(`mean ${pct(result.meanModel)} ${pct(result.meanNaive)}`);
out('Per currency, WAPE in weeks 1 / 4 / 13 and the mean over the horizon: model | naive');
for (const [currency, rows] of result.byCurrency) {
  const at = (week: number, key: 'model' | 'naive') => pct(rows[week - 1]?.[key] ?? 0);
  const mean = (key: 'model' | 'naive') => rows.reduce((sum, row) => sum + row[key], 0) / rows.length;
  out(
    `${currency} ${at(1, 'model')} ${at(4, 'model')} ${at(options.weeks, 'model')} ${pct(mean('model'))} | ` +
      `${at(1, 'naive')} ${at(4, 'naive')} ${at(options.weeks, 'naive')} ${pct(mean('naive'))}`,
  );
}
out(`${((performance.now() - startedAt) / 1000).toFixed(1)} s`);
