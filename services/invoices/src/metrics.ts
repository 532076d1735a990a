import { Counter, type Registry } from '@dunning/service-runtime';

/**
 * Money received, per currency, in minor units: a counter, so `increase()` gives what came in over
 * any window and restarts do not lose it. Minor units keep it exact (float64 counts whole numbers
 * exactly up to 2^53); dashboards divide by 10^decimals of the currency to show amounts.
 */
export const collectedMinor = new Counter({
  name: 'invoices_collected_minor_total',
  help: 'Payments booked, in minor units of their currency (cents for EUR, yen for JPY).',
  labelNames: ['currency'] as const,
  registers: [],
});

export function registerInvoicesMetrics(registry: Registry): void {
  registry.registerMetric(collectedMinor);
}
