import { currencyExponent, formatMinorUnits, type Locale, toMinorUnits } from '@dunning/contracts';

const formatters = new Map<string, Intl.NumberFormat>();

function formatterFor(locale: Locale, currency: string): Intl.NumberFormat {
  const key = `${locale}|${currency}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    const digits = currencyExponent(currency);
    formatter = new Intl.NumberFormat(locale, {
      style: 'currency',
      currency,
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    });
    formatters.set(key, formatter);
  }
  return formatter;
}

/**
 * Formats a decimal-string amount for a reader of `locale` ("1234.5" CNY → "¥1,234.50"). Intl receives
 * the string itself (ECMA-402 formats decimal strings exactly), so no amount ever passes through a float.
 */
export function formatMoney(amount: string, currency: string, locale: Locale): string {
  const exact = formatMinorUnits(toMinorUnits(amount, currency), currency);
  // The lib typings only admit number | bigint, though Intl formats numeric strings exactly.
  return formatterFor(locale, currency).format(exact as unknown as number);
}

/** Sums decimal-string amounts per currency in minor units; currencies in first-seen order. */
export function totalsByCurrency(items: { amount: string; currency: string }[]): Map<string, bigint> {
  const totals = new Map<string, bigint>();
  for (const item of items) {
    totals.set(item.currency, (totals.get(item.currency) ?? 0n) + toMinorUnits(item.amount, item.currency));
  }
  return totals;
}

export function formatMinorMoney(minor: bigint, currency: string, locale: Locale): string {
  return formatMoney(formatMinorUnits(minor, currency), currency, locale);
}
