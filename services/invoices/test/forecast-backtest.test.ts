import { describe, expect, it } from 'vitest';
import { runBacktest } from '../scripts/forecast-backtest/backtest.ts';

// A small simulated history (the ERP simulator's archetypes: prompt, slow, seasonal, deteriorating,
// defaulting, disputing payers), forecast every four weeks from month 6 with only what was known then.
describe('forecast backtest', () => {
  it('beats the naive forecast (due dates as-is) over the 13 weeks and in the first four', () => {
    const result = runBacktest({
      customers: 80,
      months: 14,
      seed: 11,
      weeks: 13,
      everyDays: 28,
      firstOriginDay: 180,
    });
    expect(result.origins).toBeGreaterThanOrEqual(8);
    expect(result.byCurrency.size).toBeGreaterThanOrEqual(3);
    expect(result.meanModel).toBeLessThan(result.meanNaive);
    const firstMonth = (key: 'model' | 'naive') =>
      result.overall.slice(0, 4).reduce((sum, row) => sum + row[key], 0);
    expect(firstMonth('model')).toBeLessThan(firstMonth('naive'));
    // By a clear margin, not by noise: on this history 74 % against 136 % mean WAPE.
    expect(result.meanModel).toBeLessThan(0.75 * result.meanNaive);
  });
});
