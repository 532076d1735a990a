import { INSIGHT_REPORTS } from '@dunning/console/insight';
// Every URL the pages phase times, in one table: a further report is one more line here.
import type { ServiceName } from '../options.ts';

/** What the URLs are built from: the seeded data's notable ids and the dates of the run. */
export interface TargetContext {
  /** The customer with the most invoices. */
  bigCustomer: string;
  typicalCustomer: string;
  collector: string;
  /** A notice sent to the big customer (its notifications id). */
  notice: string;
  today: string;
  /** 30 days before today (a report period's start). */
  monthAgo: string;
  /** Now + 7 days as an instant (the proposal's horizon). */
  weekAhead: string;
}

export interface TimedUrl {
  /** Console pages are opened signed in as `as`; service reports are called with the admin key. */
  app: 'console' | ServiceName;
  as?: 'admin' | 'collector';
  path: (c: TargetContext) => string;
  /** Target p95 of the server time, in ms. */
  targetMs: number;
  /** Asked for but not built yet: a 404 (or a 400 for an unknown parameter) counts as missing. */
  future?: true;
}

const PAGE_MS = 300;
const REPORT_MS = 500;
const page = (as: 'admin' | 'collector', path: TimedUrl['path']): TimedUrl => ({
  app: 'console',
  as,
  path,
  targetMs: PAGE_MS,
});
const report = (app: ServiceName, path: TimedUrl['path']): TimedUrl => ({ app, path, targetMs: REPORT_MS });
// A section of the insight page: one report rendered by the console, loaded after the page; a report's target.
const insightPart = (name: string): TimedUrl => ({
  app: 'console',
  as: 'admin',
  path: () => `/ops/insight/parts/${name}`,
  targetMs: REPORT_MS,
});

export const TIMED_URLS: readonly TimedUrl[] = [
  page('admin', () => '/login'),
  page('admin', () => '/'),
  page('collector', () => '/'),
  page('collector', () => '/worklist'),
  page('collector', () => '/worklist?bucket=act-now&currency=CNY&step=reminder'),
  page('collector', () => '/worklist?bucket=act-now&page=3'),
  page('admin', (c) => `/customers/${c.bigCustomer}`),
  page('admin', (c) => `/customers/${c.typicalCustomer}`),
  page('admin', (c) => `/customers/${c.bigCustomer}/notices/${c.notice}`),
  page('admin', () => '/ops'),
  page('admin', () => '/ops/proposal'),
  page('admin', (c) => `/ops/proposal?excluded=yes&page=2&until=${c.weekAhead.slice(0, 10)}`),
  page('admin', (c) => `/ops/proposal?collectorId=${c.collector}`),
  page('admin', () => '/ops/platform'),
  page('admin', () => '/ops/insight'),
  ...INSIGHT_REPORTS.map(insightPart),
  page('admin', () => '/legal'),
  page('admin', () => '/admin/users'),
  report('invoices', () => '/v1/reports/aging'),
  report('invoices', (c) => `/v1/reports/aging?byCustomer=true&asOf=${c.today}`),
  report('invoices', (c) => `/v1/reports/kpis?from=${c.monthAgo}&to=${c.today}`),
  report('invoices', (c) => `/v1/customers/${c.bigCustomer}/statement`),
  report('dunning', () => '/v1/reports/cases-by-level'),
  report('dunning', () => '/v1/reports/effectiveness'),
  report('dunning', (c) => `/v1/dunning-runs/proposal?until=${encodeURIComponent(c.weekAhead)}`),
  report('dunning', (c) => `/v1/collectors/${c.collector}/tasks?includeDone=true`),
  report('credit-risk', () => '/v1/reports/concentration'),
  report('credit-risk', (c) => `/v1/customers/${c.bigCustomer}/risk`),
  report('notifications', () => '/v1/notifications?limit=500'),
  report('invoices', (c) => `/v1/reports/overdue-reasons?from=${c.monthAgo}&to=${c.today}`),
  report('invoices', (c) => `/v1/reports/top-customers?from=${c.monthAgo}&to=${c.today}`),
  report('invoices', (c) => `/v1/reports/provision?asOf=${c.today}`),
  report('invoices', () => '/v1/reports/trends?months=12'),
  report('invoices', () => '/v1/reports/forecast?weeks=13'),
  report('invoices', () => '/v1/reports/aging?buckets=extended'),
  report('dunning', (c) => `/v1/reports/recovery?from=${c.monthAgo}T00:00:00Z&to=${c.today}T00:00:00Z`),
  report('dunning', (c) => `/v1/reports/collectors?from=${c.monthAgo}T00:00:00Z&to=${c.today}T00:00:00Z`),
  report('dunning', (c) => `/v1/collectors/${c.collector}/worklist`),
  report(
    'notifications',
    (c) => `/v1/reports/deliveries?from=${c.monthAgo}T00:00:00Z&to=${c.today}T00:00:00Z`,
  ),
];
