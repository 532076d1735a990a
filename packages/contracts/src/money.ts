import { CURRENCY_EXPONENTS, type CurrencyExponent } from './currencies.ts';
import { InvalidMoneyError } from './invalid-money-error.ts';

/** The decimal-string form of money in JSON: no exponent, no sign other than a leading '-'. */
export const DECIMAL_AMOUNT_PATTERN = /^-?\d+(\.\d+)?$/;

/** True when `code` is an active ISO 4217 code with a minor unit (case-sensitive: 'cny' is not). */
export function isKnownCurrency(code: string): boolean {
  return CURRENCY_EXPONENTS.has(code);
}

/** Number of decimals amounts of `code` carry; throws InvalidMoneyError for an unknown currency. */
export function currencyExponent(code: string): CurrencyExponent {
  const exponent = CURRENCY_EXPONENTS.get(code);
  if (exponent === undefined) throw new InvalidMoneyError(`unknown currency ${JSON.stringify(code)}`);
  return exponent;
}

/** Parses a decimal string into exact minor units, e.g. ("1234.5", "CNY") -> 123450n. */
export function toMinorUnits(amount: string, currency: string): bigint {
  const exponent = currencyExponent(currency);
  if (!DECIMAL_AMOUNT_PATTERN.test(amount)) {
    throw new InvalidMoneyError(`not a decimal amount: ${JSON.stringify(amount)}`);
  }
  const negative = amount.startsWith('-');
  const [whole = '', fraction = ''] = (negative ? amount.slice(1) : amount).split('.');
  if (fraction.length > exponent) {
    throw new InvalidMoneyError(`${currency} allows ${exponent} decimals, got ${JSON.stringify(amount)}`);
  }
  const minor = BigInt(whole + fraction.padEnd(exponent, '0'));
  return negative ? -minor : minor;
}

/** Renders minor units with exactly the currency's decimals, e.g. (123450n, "CNY") -> "1234.50". */
export function formatMinorUnits(minor: bigint, currency: string): string {
  const exponent = currencyExponent(currency);
  const sign = minor < 0n ? '-' : '';
  const digits = (minor < 0n ? -minor : minor).toString().padStart(exponent + 1, '0');
  if (exponent === 0) return sign + digits;
  const split = digits.length - exponent;
  return `${sign}${digits.slice(0, split)}.${digits.slice(split)}`;
}
