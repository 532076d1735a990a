// The forecast made at past dates of a simulated ERP history, with only what was known then, against
// what was collected in each week after; and the naive forecast (due dates as-is) beside it.
import { toMinorUnits } from '@dunning/contracts';
import { type SimEvent, simulate } from '@dunning/erp-simulator';
import {
  type CurrencyForecast,
  FORECAST_LOOKBACK_DAYS,
  type ForecastInput,
  type ForecastItem,
  forecastCollections,
  lowerMedian,
  naiveCollections,
} from '../../src/domain/cash-forecast.ts';

export interface BacktestOptions {
  customers: number;
  months: number;
  seed: number;
  weeks: number;
  /** Days between two forecast dates. */
  everyDays: number;
  /** The first forecast date, in days from the start (history before it is only learnt from). */
  firstOriginDay: number;
}

interface SimInvoice {
  invoiceId: string;
  customerId: string;
  currency: string;
  issueDay: number;
  dueDay: number;
  dueDate: string;
  /** Balance changes after the issue (negative), by the day they happen. */
  changes: { day: number; minor: bigint; payment: boolean }[];
  amountMinor: bigint;
  dispute?: { openedDay: number; resolvedDay: number; upheld: boolean };
}

const START = '2026-01-05';
const DAY_MS = 86_400_000;
const dateOf = (day: number) =>
  new Date(Date.parse(`${START}T00:00:00Z`) + day * DAY_MS).toISOString().slice(0, 10);
const dayOf = (date: string) =>
  Math.round((Date.parse(`${date.slice(0, 10)}T00:00:00Z`) - Date.parse(`${START}T00:00:00Z`)) / DAY_MS);

/** The ledger of the simulated history, in memory: each invoice with its balance changes by day. */
function ledgerOf(events: SimEvent[]): SimInvoice[] {
  const invoices = new Map<string, SimInvoice>();
  for (const { day, event } of events) {
    const data = event.data as Record<string, string>;
    const invoice = invoices.get(event.subject ?? '');
    switch (event.type) {
      case 'erp.invoice.issued': {
        const amountMinor = toMinorUnits(data.amount as string, data.currency as string);
        invoices.set(data.invoiceId as string, {
          invoiceId: data.invoiceId as string,
          customerId: data.customerId as string,
          currency: data.currency as string,
          issueDay: dayOf(data.issueDate as string),
          dueDay: dayOf(data.dueDate as string),
          dueDate: data.dueDate as string,
          changes: [],
          amountMinor,
        });
        break;
      }
      case 'erp.payment.received':
      case 'erp.credit-note.issued':
        // An unapplied payment (customerId) is meant for the invoice it is about (the event's subject).
        invoice?.changes.push({
          day,
          minor: -toMinorUnits(data.amount as string, data.currency as string),
          payment: event.type === 'erp.payment.received',
        });
        break;
      case 'erp.invoice.cancelled':
        if (invoice) invoice.changes.push({ day, minor: -balanceAt(invoice, day), payment: false });
        break;
      case 'erp.dispute.opened':
        if (invoice)
          invoice.dispute = { openedDay: day, resolvedDay: Number.POSITIVE_INFINITY, upheld: false };
        break;
      case 'erp.dispute.resolved':
        if (invoice?.dispute) {
          invoice.dispute.resolvedDay = day;
          if (data.resolution === 'upheld')
            invoice.changes.push({ day, minor: -balanceAt(invoice, day), payment: false });
        }
        break;
    }
  }
  return [...invoices.values()];
}

function balanceAt(invoice: SimInvoice, day: number): bigint {
  return invoice.changes.reduce(
    (sum, change) => (change.day <= day ? sum + change.minor : sum),
    invoice.amountMinor,
  );
}

/** What was known at the end of `asOfDay`: open items, their customers' recent payment delays. */
function inputAt(
  invoices: SimInvoice[],
  asOfDay: number,
  weeks: number,
): { input: ForecastInput; open: SimInvoice[] } {
  const delays = new Map<string, number[]>();
  for (const invoice of invoices) {
    for (const change of invoice.changes) {
      if (!change.payment || change.day > asOfDay || change.day <= asOfDay - FORECAST_LOOKBACK_DAYS) continue;
      const list = delays.get(invoice.customerId) ?? [];
      list.push(change.day - invoice.dueDay);
      delays.set(invoice.customerId, list);
    }
  }
  const open: SimInvoice[] = [];
  const items: ForecastItem[] = [];
  for (const invoice of invoices) {
    if (invoice.issueDay > asOfDay) continue;
    const openMinor = balanceAt(invoice, asOfDay);
    if (openMinor <= 0n) continue;
    const disputed =
      invoice.dispute && invoice.dispute.openedDay <= asOfDay && invoice.dispute.resolvedDay > asOfDay;
    const own = delays.get(invoice.customerId) ?? [];
    open.push(invoice);
    items.push({
      currency: invoice.currency,
      dueDate: invoice.dueDate,
      openMinor,
      disputedMinor: disputed ? openMinor : 0n,
      history: { payments: own.length, medianDaysLate: lowerMedian(own) },
      invoiceId: invoice.invoiceId,
    });
  }
  return {
    input: {
      asOf: dateOf(asOfDay),
      weeks,
      items,
      promises: [],
      portfolioMedianDaysLate: lowerMedian([...delays.values()].flat()),
    },
    open,
  };
}

/** Payments on the invoices open at asOf, per currency and week after it. */
function collected(open: SimInvoice[], asOfDay: number, weeks: number): Map<string, bigint[]> {
  const actual = new Map<string, bigint[]>();
  for (const invoice of open) {
    const perWeek = actual.get(invoice.currency) ?? Array.from({ length: weeks }, () => 0n);
    actual.set(invoice.currency, perWeek);
    for (const change of invoice.changes) {
      const week = Math.ceil((change.day - asOfDay) / 7);
      if (change.payment && week >= 1 && week <= weeks)
        perWeek[week - 1] = (perWeek[week - 1] ?? 0n) - change.minor;
    }
  }
  return actual;
}

export interface HorizonError {
  week: number;
  /** Weighted absolute percentage error: Σ|forecast − actual| / Σ actual over the forecast dates. */
  model: number;
  naive: number;
}

export interface BacktestResult {
  origins: number;
  invoices: number;
  /** Per currency, per week of horizon. */
  byCurrency: Map<string, HorizonError[]>;
  /** The mean over currencies (each currency's WAPE counts once: amounts of several currencies do not add). */
  overall: HorizonError[];
  /** The mean of `overall` over the horizon's weeks. */
  meanModel: number;
  meanNaive: number;
}

export function runBacktest(options: BacktestOptions): BacktestResult {
  const events = simulate({
    customers: options.customers,
    months: options.months,
    seed: options.seed,
    startDate: START,
  });
  const invoices = ledgerOf(events);
  const sums = new Map<string, { model: bigint[]; naive: bigint[]; actual: bigint[] }>();
  const zeros = () => Array.from({ length: options.weeks }, () => 0n);
  const abs = (value: bigint) => (value < 0n ? -value : value);
  let origins = 0;
  for (let asOfDay = options.firstOriginDay; asOfDay < options.months * 30; asOfDay += options.everyDays) {
    origins++;
    const { input, open } = inputAt(invoices, asOfDay, options.weeks);
    const actual = collected(open, asOfDay, options.weeks);
    const add = (forecasts: CurrencyForecast[], key: 'model' | 'naive') => {
      for (const forecast of forecasts) {
        const sum = sums.get(forecast.currency) ?? { model: zeros(), naive: zeros(), actual: zeros() };
        sums.set(forecast.currency, sum);
        const seen = actual.get(forecast.currency) ?? zeros();
        forecast.weeks.forEach((minor, i) => {
          sum[key][i] = (sum[key][i] ?? 0n) + abs(minor - (seen[i] ?? 0n));
          if (key === 'model') sum.actual[i] = (sum.actual[i] ?? 0n) + (seen[i] ?? 0n);
        });
      }
    };
    add(forecastCollections(input), 'model');
    add(naiveCollections(input), 'naive');
  }
  const ratio = (error: bigint, actual: bigint) =>
    actual === 0n ? 0 : Number((error * 1_000_000n) / actual) / 1_000_000;
  const byCurrency = new Map(
    [...sums]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([currency, sum]) => [
        currency,
        sum.actual.map((actual, i) => ({
          week: i + 1,
          model: ratio(sum.model[i] ?? 0n, actual),
          naive: ratio(sum.naive[i] ?? 0n, actual),
        })),
      ]),
  );
  const currencies = [...byCurrency.values()];
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
  const overall = Array.from({ length: options.weeks }, (_, i) => ({
    week: i + 1,
    model: mean(currencies.map((rows) => rows[i]?.model ?? 0)),
    naive: mean(currencies.map((rows) => rows[i]?.naive ?? 0)),
  }));
  return {
    origins,
    invoices: invoices.length,
    byCurrency,
    overall,
    meanModel: mean(overall.map((row) => row.model)),
    meanNaive: mean(overall.map((row) => row.naive)),
  };
}
