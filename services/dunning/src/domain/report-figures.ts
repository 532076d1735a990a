import { isKnownCurrency, moneyProblem, toMinorUnits } from '@dunning/contracts';

/** Costs in the currency's minor units: per task done, and per notice sent on a channel. */
export interface CurrencyCosts {
  task?: bigint;
  email?: bigint;
  sms?: bigint;
  letter?: bigint;
}
export type CollectionCosts = Record<string, CurrencyCosts>;

const RATIO_DECIMALS = 4n;
const SCALE = 10n ** RATIO_DECIMALS;

/**
 * `numerator / denominator` as a decimal string with four decimals, rounded down (a rate never
 * reads higher than it is); null when the denominator is not positive.
 */
export function ratio(numerator: bigint, denominator: bigint): string | null {
  if (denominator <= 0n) return null;
  const negative = numerator < 0n;
  const scaled = ((negative ? -numerator : numerator) * SCALE) / denominator;
  const whole = scaled / SCALE;
  const fraction = (scaled % SCALE).toString().padStart(Number(RATIO_DECIMALS), '0');
  return `${negative && scaled > 0n ? '-' : ''}${whole}.${fraction}`;
}

/**
 * Reads `COLLECTION_COSTS`: `{ "<currency>": { "task"?, "email"?, "sms"?, "letter"? } }`, each a decimal
 * string in the currency's major unit. Returns the problems found (path and message) or the costs.
 */
export function parseCollectionCosts(
  raw: unknown,
): { costs: CollectionCosts } | { problems: { path: string; message: string }[] } {
  const problems: { path: string; message: string }[] = [];
  const costs: CollectionCosts = {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return { problems: [{ path: '', message: 'must be an object keyed by currency' }] };
  for (const [currency, entry] of Object.entries(raw)) {
    if (!/^[A-Z]{3}$/.test(currency) || !isKnownCurrency(currency)) {
      problems.push({ path: currency, message: 'unknown ISO 4217 currency' });
      continue;
    }
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      problems.push({ path: currency, message: 'must be an object of costs' });
      continue;
    }
    const parsed: CurrencyCosts = {};
    for (const [key, value] of Object.entries(entry)) {
      if (key !== 'task' && key !== 'email' && key !== 'sms' && key !== 'letter') {
        problems.push({ path: `${currency}.${key}`, message: 'must be one of task, email, sms, letter' });
        continue;
      }
      const problem =
        typeof value === 'string'
          ? moneyProblem(value, currency, 'non-negative')
          : 'must be a decimal string';
      if (problem !== undefined) problems.push({ path: `${currency}.${key}`, message: problem });
      else parsed[key] = toMinorUnits(value as string, currency);
    }
    costs[currency] = parsed;
  }
  return problems.length > 0 ? { problems } : { costs };
}
