import { z } from 'zod';
import { InvalidMoneyError } from './invalid-money-error.ts';
import { DECIMAL_AMOUNT_PATTERN, isKnownCurrency, toMinorUnits } from './money.ts';

// PostgreSQL keeps minor units in a bigint column: anything larger could be accepted but never stored.
export const MAX_MINOR_UNITS = 2n ** 63n - 1n;

/** An active ISO 4217 code known to the platform, in upper case ("CNY"). */
export const CurrencyCode = z
  .string()
  .regex(/^[A-Z]{3}$/, { message: 'must be 3 upper-case letters (ISO 4217)', abort: true })
  .refine(isKnownCurrency, 'unknown ISO 4217 currency')
  .meta({ description: 'ISO 4217 alphabetic code of an active currency with a minor unit' });
export type CurrencyCode = z.infer<typeof CurrencyCode>;

/** A money amount as a decimal string ("1234.50"); its decimals are checked against the currency. */
export const DecimalAmount = z
  .string()
  .max(32, { abort: true })
  .regex(DECIMAL_AMOUNT_PATTERN, { message: 'must be a decimal string such as "1234.50"', abort: true })
  .meta({ description: 'Decimal string, at most as many decimals as the currency has' });
export type DecimalAmount = z.infer<typeof DecimalAmount>;

/** A decimal amount above zero, for amounts whose currency is implied (a dispute on an invoice). */
export const PositiveDecimalAmount = DecimalAmount.refine(
  (amount) => /[1-9]/.test(amount) && !amount.startsWith('-'),
  'must be greater than 0',
);

/** What an amount must be besides fitting its currency. */
export type AmountRule = 'any' | 'positive' | 'non-negative';

/**
 * How large an amount may be: `stored`, what one bigint column of minor units holds; `sum`, a total
 * of stored amounts (a customer's exposure), which need not fit one.
 */
export type AmountRange = 'stored' | 'sum';

/** The problem with `amount` in `currency` under `rule`, or undefined when there is none. */
export function moneyProblem(
  amount: string,
  currency: string,
  rule: AmountRule,
  range: AmountRange = 'stored',
): string | undefined {
  // Refinements may run on values whose fields already failed their own schemas.
  if (typeof amount !== 'string' || typeof currency !== 'string') return 'must be a decimal string';
  let minor: bigint;
  try {
    minor = toMinorUnits(amount, currency);
  } catch (error) {
    if (error instanceof InvalidMoneyError) return error.message;
    throw error;
  }
  if (range === 'stored' && (minor > MAX_MINOR_UNITS || minor < -MAX_MINOR_UNITS)) return 'is too large';
  if (rule === 'positive' && minor <= 0n) return 'must be greater than 0';
  if (rule === 'non-negative' && minor < 0n) return 'must not be negative';
  return undefined;
}

/**
 * A superRefine check for an object holding `currency` and the amount fields `keys` in that currency;
 * each problem is reported on the amount's own path.
 */
export function checkMoney<K extends string>(
  rule: AmountRule,
  keys: readonly K[],
  range: AmountRange = 'stored',
) {
  return (value: { currency: string } & { [P in K]?: string | undefined }, ctx: z.RefinementCtx): void => {
    // Field-level issues (a bad currency, a malformed amount) are already reported by the field schemas.
    if (typeof value.currency !== 'string' || !isKnownCurrency(value.currency)) return;
    for (const key of keys) {
      const amount = value[key];
      if (typeof amount !== 'string' || !DECIMAL_AMOUNT_PATTERN.test(amount)) continue;
      const problem = moneyProblem(amount, value.currency, rule, range);
      if (problem !== undefined)
        ctx.addIssue({ code: 'custom', path: [key], message: problem, input: amount });
    }
  };
}

/** Schema of a money object `{ amount, currency }` whose amount fits the currency and `rule`. */
export function moneySchema(rule: AmountRule = 'any') {
  return z
    .strictObject({ amount: DecimalAmount, currency: CurrencyCode })
    .superRefine(checkMoney(rule, ['amount']));
}

/** Schema of a money object whose amount is greater than 0. */
export function positiveMoney() {
  return moneySchema('positive');
}

export const Money = moneySchema();
export type Money = z.infer<typeof Money>;

/**
 * A superRefine check that the amount `key` does not exceed the amount `limit`, both in `currency`
 * (a balance never exceeds its invoice amount); malformed amounts are left to their own checks.
 */
export function checkNotAbove<K extends string, L extends string>(key: K, limit: L) {
  return (value: { currency: string } & { [P in K | L]: string }, ctx: z.RefinementCtx): void => {
    const amount = value[key];
    const bound = value[limit];
    if (moneyProblem(amount, value.currency, 'any') !== undefined) return;
    if (moneyProblem(bound, value.currency, 'any') !== undefined) return;
    if (toMinorUnits(amount, value.currency) > toMinorUnits(bound, value.currency)) {
      ctx.addIssue({ code: 'custom', path: [key], message: `must not exceed ${limit}`, input: amount });
    }
  };
}
