import type { Locale } from './messages.ts';

/**
 * A decimal-string amount in its currency for the locale. Intl takes the string itself (exact
 * decimal), so no amount passes through a float; the currency's own decimals (JPY 0, KWD 3) are kept.
 */
export function formatAmount(locale: Locale, amount: string, currency: string): string {
  const digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
    .maximumFractionDigits;
  return new Intl.NumberFormat(locale, {
    style: 'currency',
    currency,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(amount as unknown as number);
}

/** An instant as a date and time in a time zone (the customer's where it matters; UTC by default). */
export function formatInstant(locale: Locale, iso: string, timeZone = 'UTC'): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(
    new Date(iso),
  );
}

/** A calendar date (YYYY-MM-DD), shown as that same date whatever the zone. */
export function formatDate(locale: Locale, isoDate: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(
    new Date(`${isoDate.slice(0, 10)}T00:00:00Z`),
  );
}

/** A plain number or ratio given as a decimal string (null: not defined for the period). */
export function formatNumber(locale: Locale, value: string | number | null, fractionDigits = 1): string {
  if (value === null) return '–';
  return new Intl.NumberFormat(locale, { maximumFractionDigits: fractionDigits }).format(value as number);
}
