import { describe, expect, it } from 'vitest';
import {
  currencyExponent,
  formatMinorUnits,
  InvalidMoneyError,
  isKnownCurrency,
  toMinorUnits,
} from '../src/index.ts';

describe('currency table', () => {
  it.each([
    ['JPY', 0],
    ['KRW', 0],
    ['CLP', 0],
    ['ISK', 0],
    ['VND', 0],
    ['CNY', 2],
    ['EUR', 2],
    ['USD', 2],
    ['KWD', 3],
    ['BHD', 3],
    ['JOD', 3],
    ['OMR', 3],
    ['TND', 3],
    ['IQD', 3],
    ['LYD', 3],
    ['CLF', 4],
  ])('%s has %i decimals', (code, exponent) => {
    expect(isKnownCurrency(code)).toBe(true);
    expect(currencyExponent(code)).toBe(exponent);
  });

  it.each(['XYZ', 'cny', 'XAU', 'XXX', 'BGN', 'HRK', ''])('does not know %j', (code) => {
    expect(isKnownCurrency(code)).toBe(false);
    expect(() => currencyExponent(code)).toThrow(InvalidMoneyError);
  });
});

describe('toMinorUnits and formatMinorUnits', () => {
  it.each([
    ['1234.50', 'CNY', 123450n, '1234.50'],
    ['1234.5', 'CNY', 123450n, '1234.50'],
    ['1234', 'CNY', 123400n, '1234.00'],
    ['0.01', 'EUR', 1n, '0.01'],
    ['1234', 'JPY', 1234n, '1234'],
    ['1.25', 'KWD', 1250n, '1.250'],
    ['0.001', 'BHD', 1n, '0.001'],
    ['1.2345', 'CLF', 12345n, '1.2345'],
    ['0', 'CNY', 0n, '0.00'],
    ['0', 'JPY', 0n, '0'],
    ['-0.5', 'CNY', -50n, '-0.50'],
    ['-1234', 'JPY', -1234n, '-1234'],
    ['-0.001', 'KWD', -1n, '-0.001'],
    ['007.10', 'USD', 710n, '7.10'],
  ])('%s %s is %s minor units, formatted %s', (amount, currency, minor, formatted) => {
    expect(toMinorUnits(amount, currency)).toBe(minor);
    expect(formatMinorUnits(minor, currency)).toBe(formatted);
  });

  it('keeps amounts beyond 2^53 exact', () => {
    const minor = toMinorUnits('90071992547409931.23', 'CNY');
    expect(minor).toBe(9007199254740993123n);
    expect(minor > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
    expect(formatMinorUnits(minor, 'CNY')).toBe('90071992547409931.23');
    expect(formatMinorUnits(2n ** 64n + 1n, 'JPY')).toBe('18446744073709551617');
    expect(toMinorUnits('-123456789012345678901234567890.999', 'KWD')).toBe(
      -123456789012345678901234567890999n,
    );
  });

  it('renders zero and negative values with all decimals', () => {
    expect(formatMinorUnits(0n, 'KWD')).toBe('0.000');
    expect(formatMinorUnits(-5n, 'USD')).toBe('-0.05');
    expect(formatMinorUnits(-100n, 'USD')).toBe('-1.00');
  });

  it.each([
    ['1.001', 'CNY'],
    ['1.5', 'JPY'],
    ['1.0001', 'KWD'],
    ['1.500', 'CNY'],
    ['1e3', 'CNY'],
    ['1E3', 'CNY'],
    ['', 'CNY'],
    [' 1', 'CNY'],
    ['1 ', 'CNY'],
    ['1.', 'CNY'],
    ['.5', 'CNY'],
    ['+1', 'CNY'],
    ['-', 'CNY'],
    ['--1', 'CNY'],
    ['1,000.00', 'CNY'],
    ['0x10', 'CNY'],
    ['Infinity', 'CNY'],
    ['NaN', 'CNY'],
    ['١٢', 'CNY'],
    ['1', 'XYZ'],
    ['1', 'cny'],
  ])('rejects %j in %s', (amount, currency) => {
    expect(() => toMinorUnits(amount, currency)).toThrow(InvalidMoneyError);
  });

  it('names its error', () => {
    const error = (() => {
      try {
        toMinorUnits('1.001', 'CNY');
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).name).toBe('InvalidMoneyError');
    expect((error as Error).message).toContain('CNY');
  });

  it('formatting refuses an unknown currency', () => {
    expect(() => formatMinorUnits(1n, 'XYZ')).toThrow(InvalidMoneyError);
  });
});
