import { registerDunningMetrics } from '@dunning/dunning/metrics';
import { registerInvoicesMetrics } from '@dunning/invoices/metrics';
import { registerNotificationMetrics } from '@dunning/notifications/metrics';
import { createHostMetrics } from '@dunning/service-host';
import { createMetricsRegistry, type Registry, requestDurationHistogram } from '@dunning/service-runtime';

/**
 * Series that no service of ours exports but the rules and the dashboard may query: Prometheus' own
 * `up`, and redis_exporter's memory gauges (documented in docs/operations.md). Recording rules'
 * outputs are allowed separately, read from the rules files.
 */
export const EXTERNAL_METRICS: ReadonlySet<string> = new Set([
  'up',
  'redis_memory_used_bytes',
  'redis_memory_max_bytes',
]);

/**
 * Every series name the platform's services can export: each service's registry as it is built at
 * start-up (process metrics, HTTP, the host's consumer/outbox/pool/readiness metrics, and the
 * service's own), without connections.
 */
export async function exportedSeriesNames(): Promise<Set<string>> {
  const registries: Registry[] = [];
  const serviceRegistry = (own?: (registry: Registry) => void) => {
    const registry = createMetricsRegistry();
    requestDurationHistogram(registry);
    createHostMetrics(registry);
    own?.(registry);
    registries.push(registry);
  };
  serviceRegistry(registerInvoicesMetrics);
  serviceRegistry(); // credit-risk
  serviceRegistry(registerDunningMetrics);
  serviceRegistry(registerNotificationMetrics);
  const names = new Set<string>();
  for (const registry of registries) {
    for (const metric of await registry.getMetricsAsJSON()) {
      const type = String(metric.type);
      const suffixes =
        type === 'histogram'
          ? ['_bucket', '_sum', '_count']
          : type === 'summary'
            ? ['', '_sum', '_count']
            : [''];
      for (const suffix of suffixes) names.add(`${metric.name}${suffix}`);
    }
  }
  return names;
}

const KEYWORDS = new Set([
  'and',
  'or',
  'unless',
  'by',
  'without',
  'on',
  'ignoring',
  'bool',
  'offset',
  'inf',
  'nan',
]);

/**
 * The metric names a PromQL expression reads. Not a parser: label matchers, ranges, strings, numbers (and durations)
 * and grouping clauses are cut out, and what is left that is not a function call or keyword is a
 * metric name. Enough for the expressions of our rules and dashboard (the test shows it on samples).
 */
export function metricNamesIn(expr: string): string[] {
  const stripped = expr
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/"[^"]*"/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ')
    .replace(/(?<![a-zA-Z0-9_:.])\d+(\.\d+)?(e[+-]?\d+)?[a-z]*/gi, ' ');
  const names = new Set<string>();
  for (const match of stripped.matchAll(/[a-zA-Z_:][a-zA-Z0-9_:]*(\s*\()?/g)) {
    const [token, call] = [match[0].replace(/\s*\($/, ''), match[1]];
    if (call || KEYWORDS.has(token.toLowerCase())) continue;
    names.add(token);
  }
  return [...names];
}
