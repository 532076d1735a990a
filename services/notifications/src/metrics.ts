import { Counter, Histogram, type Registry } from '@dunning/service-runtime';

// Declared once per process and added to each started service's registry (`registerNotificationMetrics`).

/**
 * Every run of a delivery job, by channel and outcome: `sent`, `failed` (for good), `dropped` (no
 * longer owed), `retry` (a transient failure, tried again), `deferred` (quiet hours, daily cap).
 */
export const deliveries = new Counter({
  name: 'notifications_deliveries_total',
  help: 'Delivery attempts by channel and outcome (sent, failed, dropped, retry, deferred).',
  labelNames: ['channel', 'outcome'] as const,
  registers: [],
});

/** The 300 s bucket is the service level's threshold. */
export const deliverySeconds = new Histogram({
  name: 'notifications_delivery_seconds',
  help: "From a notice's request (or the end of the customer's quiet hours or cap) to its channel accepting it.",
  labelNames: ['channel'] as const,
  buckets: [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600],
  registers: [],
});

export function registerNotificationMetrics(registry: Registry): void {
  for (const metric of [deliveries, deliverySeconds]) registry.registerMetric(metric);
}
