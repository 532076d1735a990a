import { describe, expect, it } from 'vitest';
import {
  CurrencyCode,
  DecimalAmount,
  Money,
  moneyProblem,
  moneySchema,
  PositiveDecimalAmount,
  positiveMoney,
} from '../src/index.ts';
import { issuePaths } from './samples.ts';

describe('CurrencyCode', () => {
  it.each(['CNY', 'JPY', 'KWD', 'EUR', 'USD'])('accepts %s', (code) => {
    expect(CurrencyCode.parse(code)).toBe(code);
  });
  it.each(['cny', 'XYZ', 'CN', 'CNYY', '', 'XAU', ' CNY'])('rejects %j', (code) => {
    expect(CurrencyCode.safeParse(code).success).toBe(false);
  });
});

describe('DecimalAmount', () => {
  it.each(['0', '1234.50', '-0.5', '90071992547409931.23'])('accepts %j', (amount) => {
    expect(DecimalAmount.parse(amount)).toBe(amount);
  });
  it.each(['1e3', '', ' 1', '1.', '.5', '+1', '1'.repeat(33)])('rejects %j', (amount) => {
    expect(DecimalAmount.safeParse(amount).success).toBe(false);
  });
  it('rejects numbers: money is never a float in JSON', () => {
    expect(DecimalAmount.safeParse(1234.5).success).toBe(false);
  });
  it.each([
    ['1', true],
    ['0.01', true],
    ['0', false],
    ['0.00', false],
    ['-1', false],
  ])('PositiveDecimalAmount %j -> %s', (amount, ok) => {
    expect(PositiveDecimalAmount.safeParse(amount).success).toBe(ok);
  });
});

describe('money object schemas', () => {
  it('accepts an amount that fits its currency', () => {
    expect(Money.parse({ amount: '-1.250', currency: 'KWD' })).toEqual({ amount: '-1.250', currency: 'KWD' });
    expect(positiveMoney().parse({ amount: '90071992547409931.23', currency: 'CNY' }).amount).toBe(
      '90071992547409931.23',
    );
  });

  it.each([
    [{ amount: '1.001', currency: 'CNY' }, ['amount']],
    [{ amount: '1.5', currency: 'JPY' }, ['amount']],
    [{ amount: '1', currency: 'XYZ' }, ['currency']],
    [{ amount: '1', currency: 'cny' }, ['currency']],
    [{ amount: '1e3', currency: 'CNY' }, ['amount']],
    [{ amount: '1', currency: 'CNY', note: 'x' }, ['']],
    [{ amount: '99999999999999999999', currency: 'CNY' }, ['amount']],
  ])('reports %j on %j', (value, paths) => {
    expect(issuePaths(Money, value)).toEqual(paths);
  });

  it('positiveMoney rejects zero and negative amounts on the amount path', () => {
    expect(issuePaths(positiveMoney(), { amount: '0', currency: 'CNY' })).toEqual(['amount']);
    expect(issuePaths(positiveMoney(), { amount: '-5.00', currency: 'CNY' })).toEqual(['amount']);
    expect(issuePaths(moneySchema('non-negative'), { amount: '0', currency: 'CNY' })).toEqual([]);
    expect(issuePaths(moneySchema('non-negative'), { amount: '-0.01', currency: 'CNY' })).toEqual(['amount']);
  });

  it('accepts the largest amount PostgreSQL bigint can hold, and not one more', () => {
    expect(issuePaths(Money, { amount: '92233720368547758.07', currency: 'CNY' })).toEqual([]);
    expect(issuePaths(Money, { amount: '92233720368547758.08', currency: 'CNY' })).toEqual(['amount']);
  });

  it('bounds a sum of stored amounts by its decimals and sign only', () => {
    expect(moneyProblem('92233720368547758.08', 'CNY', 'positive', 'sum')).toBeUndefined();
    expect(moneyProblem('184467440737095516.14', 'CNY', 'positive', 'sum')).toBeUndefined();
    expect(moneyProblem('1.001', 'CNY', 'positive', 'sum')).toBe('CNY allows 2 decimals, got "1.001"');
    expect(moneyProblem('0.00', 'CNY', 'positive', 'sum')).toBe('must be greater than 0');
    expect(moneyProblem('92233720368547758.08', 'CNY', 'positive')).toBe('is too large');
  });
});
