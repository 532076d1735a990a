import type { DunningCharge, Locale } from '@dunning/contracts';

const percentFormats = new Map<Locale, Intl.NumberFormat>();

/** "0.12" → "12%" (en) / "12%" (zh-CN); Intl gets the decimal string, so no float is involved. */
export function formatRate(rate: string, locale: Locale): string {
  let format = percentFormats.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 4 });
    percentFormats.set(locale, format);
  }
  // The lib typings only admit number | bigint, though Intl formats numeric strings exactly.
  return format.format(rate as unknown as number);
}

const wording: Record<Locale, { fee: string; interest: string; interestAt: (rate: string) => string }> = {
  en: {
    fee: 'Dunning fee',
    interest: 'Late-payment interest',
    interestAt: (rate) => `Late-payment interest at ${rate} a year`,
  },
  'zh-CN': {
    fee: '催收费',
    interest: '逾期利息',
    interestAt: (rate) => `逾期利息（年利率 ${rate}）`,
  },
};

/**
 * What a charge is called in the reader's language. The words come from the kind, not from the
 * dunning service's English description, so a zh-CN notice has no English line.
 */
export function chargeLabel(charge: Pick<DunningCharge, 'kind' | 'annualRate'>, locale: Locale): string {
  const words = wording[locale];
  if (charge.kind === 'fee') return words.fee;
  const rate = charge.annualRate;
  return rate === undefined ? words.interest : words.interestAt(formatRate(rate, locale));
}
