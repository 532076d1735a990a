/**
 * The cash-flow forecast, a pure function of what was known as of `asOf`: each open amount is
 * expected on its due date moved by its customer's usual delay, or on a promise's date where one
 * covers it; disputed amounts and hopeless ones are kept out of the weeks. See the README (Forecast).
 */

const DAY_MS = 86_400_000;

/** Calendar day number of an ISO date (days since 1970-01-01); month ends and leap days come free. */
export function dayNumber(isoDate: string): number {
  return Date.parse(`${isoDate.slice(0, 10)}T00:00:00Z`) / DAY_MS;
}

export function isoDateOf(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export interface ForecastRules {
  /** A customer needs this many payments in the lookback for their own median; else the portfolio's. */
  minPayments: number;
  /** Past its expected date by more than this many days, an amount is no longer expected. */
  staleDays: number;
}

/** Days of payments that make up a customer's behaviour: recent enough to follow a customer who changes. */
export const FORECAST_LOOKBACK_DAYS = 180;

export const DEFAULT_FORECAST_RULES: ForecastRules = { minPayments: 3, staleDays: 7 };

/** What the customer's payments in the lookback say: how many, and the median of their days late. */
export interface PaymentHistory {
  payments: number;
  /** Lower median of the payments' days late (negative: early); null without payments. */
  medianDaysLate: number | null;
}

/**
 * An open amount as of `asOf`: one invoice, or (from SQL) the invoices of customers with the same
 * history sharing a currency and a due date. `invoiceId` is set on invoices a promise may name.
 */
export interface ForecastItem {
  currency: string;
  dueDate: string;
  openMinor: bigint;
  /** The part under an open dispute (at most openMinor): reported apart, never in the weeks. */
  disputedMinor: bigint;
  history: PaymentHistory;
  invoiceId?: string;
}

/** An open promise to pay (recorded by asOf, neither kept nor broken by then). */
export interface ForecastPromise {
  promiseId: string;
  currency: string;
  invoiceIds: readonly string[];
  promisedDate: string;
  amountMinor: bigint;
}

export interface ForecastInput {
  asOf: string;
  weeks: number;
  items: readonly ForecastItem[];
  promises: readonly ForecastPromise[];
  /** Median days late over every customer's payments in the lookback; null when there are none. */
  portfolioMedianDaysLate: number | null;
  rules?: ForecastRules;
}

export interface CurrencyForecast {
  currency: string;
  /** Expected collections in week k (index k − 1): the days asOf + 7(k−1) + 1 … asOf + 7k. */
  weeks: bigint[];
  /** Not yet overdue at asOf, expected after the last week. */
  later: bigint;
  /** Overdue at asOf and not expected within the horizon (expected after it, or stale). */
  overdueNotExpected: bigint;
  disputed: bigint;
  /** Everything open at asOf: the weeks + later + overdueNotExpected + disputed. */
  open: bigint;
}

/** Lower median (PostgreSQL's percentile_disc(0.5)), so SQL and memory agree; null when empty. */
export function lowerMedian(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.ceil(sorted.length / 2) - 1] as number;
}

/** The days a customer's payments usually come after the due date, by the rules. */
export function expectedDelay(
  history: PaymentHistory,
  portfolio: number | null,
  rules: ForecastRules,
): number {
  if (history.payments >= rules.minPayments && history.medianDaysLate !== null) return history.medianDaysLate;
  return portfolio ?? 0;
}

type Place = { week: number } | { bucket: 'later' | 'overdueNotExpected' };

/** Where an amount expected on `expectedDay` falls, for an item due on `dueDay`. */
export function placeExpected(
  asOfDay: number,
  weeks: number,
  dueDay: number,
  expectedDay: number,
  staleDays: number,
): Place {
  const overdue = dueDay < asOfDay;
  if (expectedDay <= asOfDay) {
    // Later than the customer usually is: expected at once, unless so late it is no longer expected.
    return asOfDay - expectedDay > staleDays ? { bucket: 'overdueNotExpected' } : { week: 1 };
  }
  const week = Math.ceil((expectedDay - asOfDay) / 7);
  if (week <= weeks) return { week };
  return { bucket: overdue ? 'overdueNotExpected' : 'later' };
}

function emptyForecast(currency: string, weeks: number): CurrencyForecast {
  return {
    currency,
    weeks: Array.from({ length: weeks }, () => 0n),
    later: 0n,
    overdueNotExpected: 0n,
    disputed: 0n,
    open: 0n,
  };
}

/** Spreads each open promise over the invoices it names (earliest due first), within their open amounts. */
function promisedParts(input: ForecastInput): Map<ForecastItem, { minor: bigint; day: number }[]> {
  const byInvoice = new Map(
    input.items.filter((item) => item.invoiceId).map((item) => [item.invoiceId, item]),
  );
  const left = new Map(
    input.items.map((item) => [item, item.openMinor - minBig(item.disputedMinor, item.openMinor)]),
  );
  const parts = new Map<ForecastItem, { minor: bigint; day: number }[]>();
  const promises = [...input.promises].sort(
    (a, b) => a.promisedDate.localeCompare(b.promisedDate) || a.promiseId.localeCompare(b.promiseId),
  );
  for (const promise of promises) {
    let remaining = promise.amountMinor;
    const named = promise.invoiceIds
      .map((id) => byInvoice.get(id))
      .filter((item): item is ForecastItem => item !== undefined && item.currency === promise.currency)
      .sort(
        (a, b) => a.dueDate.localeCompare(b.dueDate) || (a.invoiceId ?? '').localeCompare(b.invoiceId ?? ''),
      );
    for (const item of named) {
      const take = minBig(remaining, left.get(item) ?? 0n);
      if (take <= 0n) continue;
      left.set(item, (left.get(item) ?? 0n) - take);
      remaining -= take;
      parts.set(item, [...(parts.get(item) ?? []), { minor: take, day: dayNumber(promise.promisedDate) }]);
    }
  }
  return parts;
}

function minBig(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}

/** Expected collections per currency (sorted by code) and week of the horizon. */
export function forecastCollections(input: ForecastInput): CurrencyForecast[] {
  const rules = input.rules ?? DEFAULT_FORECAST_RULES;
  const asOfDay = dayNumber(input.asOf);
  const byCurrency = new Map<string, CurrencyForecast>();
  const promised = promisedParts(input);
  for (const item of input.items) {
    if (item.openMinor <= 0n) continue;
    let forecast = byCurrency.get(item.currency);
    if (!forecast) {
      forecast = emptyForecast(item.currency, input.weeks);
      byCurrency.set(item.currency, forecast);
    }
    const disputed = item.disputedMinor > 0n ? minBig(item.disputedMinor, item.openMinor) : 0n;
    forecast.open += item.openMinor;
    forecast.disputed += disputed;
    const dueDay = dayNumber(item.dueDate);
    const add = (minor: bigint, place: Place) => {
      const target = forecast as CurrencyForecast;
      if ('week' in place) target.weeks[place.week - 1] = (target.weeks[place.week - 1] ?? 0n) + minor;
      else target[place.bucket] += minor;
    };
    let rest = item.openMinor - disputed;
    for (const part of promised.get(item) ?? []) {
      // A promise whose date has passed without being kept or broken yet is still expected at once.
      add(part.minor, placeExpected(asOfDay, input.weeks, dueDay, Math.max(part.day, asOfDay + 1), Infinity));
      rest -= part.minor;
    }
    if (rest <= 0n) continue;
    const delay = expectedDelay(item.history, input.portfolioMedianDaysLate, rules);
    add(rest, placeExpected(asOfDay, input.weeks, dueDay, dueDay + delay, rules.staleDays));
  }
  return [...byCurrency.values()].sort((a, b) => a.currency.localeCompare(b.currency));
}

/** The naive baseline: every open amount (disputed too) on its due date as-is, overdue ones at once. */
export function naiveCollections(input: ForecastInput): CurrencyForecast[] {
  return forecastCollections({
    ...input,
    promises: [],
    portfolioMedianDaysLate: 0,
    items: input.items.map((item) => ({
      ...item,
      disputedMinor: 0n,
      history: { payments: 0, medianDaysLate: null },
    })),
    rules: { minPayments: Number.POSITIVE_INFINITY, staleDays: Number.POSITIVE_INFINITY },
  });
}
