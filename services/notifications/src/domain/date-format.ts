import type { DateOrInstant, Locale } from '@dunning/contracts';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(locale: Locale, timeZone: string): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone });
    formatters.set(key, formatter);
  }
  return formatter;
}

/**
 * A date as a reader of `locale` writes it ("December 31, 2026" / "2026年12月31日"). A plain date is a
 * calendar day already and is shown as written; an instant is shown as the day it falls on in the
 * customer's time zone.
 */
export function formatDay(value: DateOrInstant, locale: Locale, timeZone: string): string {
  if (value.length === 10) return formatterFor(locale, 'UTC').format(new Date(`${value}T00:00:00Z`));
  return formatterFor(locale, timeZone).format(new Date(value));
}
