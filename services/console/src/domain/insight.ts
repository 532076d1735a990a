import type { ServiceKey } from '../clients/platform-api.ts';

/** The period (whole UTC days, both inclusive) and the filters the insight page passes to the reports. */
export interface InsightFilter {
  from: string;
  to: string;
  currency?: string;
  industry?: string;
  country?: string;
  collectorId?: string;
}

export const INSIGHT_REPORTS = [
  'overdue-reasons',
  'top-customers',
  'provision',
  'forecast',
  'recovery',
  'collectors',
] as const;
export type InsightReport = (typeof INSIGHT_REPORTS)[number];

/** Weeks of cash-flow forecast shown. */
export const FORECAST_WEEKS = 13;

const isoDay = (date: Date) => date.toISOString().slice(0, 10);
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
const validDay = (text: string) => ISO_DAY.test(text) && isoDay(new Date(`${text}T00:00:00Z`)) === text;
const addDays = (day: string, days: number) =>
  isoDay(new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000));

/** The last whole calendar month (UTC) before `today`'s. */
export function lastFullMonth(today: Date): { from: string; to: string } {
  const start = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - 1, 1));
  // Day 0 of this month is the last day of the previous one, whatever its length.
  const end = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), 0));
  return { from: isoDay(start), to: isoDay(end) };
}

const PATTERNS: Record<'currency' | 'industry' | 'country' | 'collectorId', RegExp> = {
  currency: /^[A-Z]{3}$/,
  industry: /^[^\p{Cc}]{1,100}$/u,
  country: /^[A-Z]{2}$/,
  collectorId: /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/,
};

/**
 * The page's filter from its query: a malformed or reversed period falls back to the last full month,
 * a malformed filter is left out (and named in `ignored`), so the page always renders.
 */
export function parseInsightFilter(
  query: Record<string, unknown>,
  today: Date,
): { filter: InsightFilter; ignored: string[] } {
  const text = (name: string) => (typeof query[name] === 'string' ? (query[name] as string).trim() : '');
  const ignored: string[] = [];
  let { from, to } = lastFullMonth(today);
  const [typedFrom, typedTo] = [text('from'), text('to')];
  if (typedFrom || typedTo) {
    if (validDay(typedFrom) && validDay(typedTo) && typedFrom <= typedTo) [from, to] = [typedFrom, typedTo];
    else ignored.push('from', 'to');
  }
  const filter: InsightFilter = { from, to };
  for (const name of ['currency', 'industry', 'country', 'collectorId'] as const) {
    const raw = text(name);
    const value = name === 'currency' || name === 'country' ? raw.toUpperCase() : raw;
    if (!value) continue;
    if (PATTERNS[name].test(value)) filter[name] = value;
    else ignored.push(name);
  }
  return { filter, ignored };
}

/** Months the provision trend covers: every calendar month the period touches (1–24, the ledger's bounds). */
export function monthsSpanned(from: string, to: string): number {
  const months =
    (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 +
    (Number(to.slice(5, 7)) - Number(from.slice(5, 7))) +
    1;
  return Math.min(24, Math.max(1, months));
}

/**
 * The service and path (with its query) answering one report for the filter. The ledger's reports take
 * days and every filter; the forecast only a currency (and starts today); dunning's take instants
 * (`[from, to)`, so the day after `to`) and only currency and collector.
 */
export function reportRequest(
  report: InsightReport,
  filter: InsightFilter,
): { service: ServiceKey; path: string } {
  const params = new URLSearchParams();
  const put = (name: keyof InsightFilter) => {
    const value = filter[name];
    if (value) params.set(name, value);
  };
  switch (report) {
    case 'overdue-reasons':
    case 'top-customers':
      params.set('from', filter.from);
      params.set('to', filter.to);
      for (const name of ['currency', 'industry', 'country', 'collectorId'] as const) put(name);
      return { service: 'invoices', path: `/v1/reports/${report}?${params}` };
    case 'provision':
      params.set('asOf', filter.to);
      params.set('months', String(monthsSpanned(filter.from, filter.to)));
      for (const name of ['currency', 'industry', 'country', 'collectorId'] as const) put(name);
      return { service: 'invoices', path: `/v1/reports/provision?${params}` };
    case 'forecast':
      params.set('weeks', String(FORECAST_WEEKS));
      put('currency');
      return { service: 'invoices', path: `/v1/reports/forecast?${params}` };
    case 'recovery':
    case 'collectors':
      params.set('from', `${filter.from}T00:00:00.000Z`);
      params.set('to', `${addDays(filter.to, 1)}T00:00:00.000Z`);
      put('currency');
      put('collectorId');
      return { service: 'dunning', path: `/v1/reports/${report}?${params}` };
  }
}

/** The query string of the page's own links (CSV downloads) for the filter. */
export function filterQuery(filter: InsightFilter): string {
  const params = new URLSearchParams({ from: filter.from, to: filter.to });
  for (const name of ['currency', 'industry', 'country', 'collectorId'] as const) {
    const value = filter[name];
    if (value) params.set(name, value);
  }
  return params.toString();
}

export interface ForecastRow {
  currency: string;
  bucket: string;
  week: number | null;
  from: string | null;
  to: string | null;
  amount: string;
}

/** The forecast's flat rows grouped per currency (in the ledger's order): its weeks, then the rest. */
export function forecastByCurrency(rows: readonly ForecastRow[]) {
  const currencies = [...new Set(rows.map((r) => r.currency))];
  return currencies.map((currency) => {
    const own = rows.filter((r) => r.currency === currency);
    return {
      currency,
      weeks: own.filter((r) => r.bucket === 'week'),
      others: own.filter((r) => r.bucket !== 'week'),
    };
  });
}
