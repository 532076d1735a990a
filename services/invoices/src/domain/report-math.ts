// Exact decimal arithmetic for reports: amounts are bigint minor units, rates and ratios decimal strings.

const DECIMAL = /^(\d+)(?:\.(\d+))?$/;

/** A non-negative decimal string as an integer over a power of ten ("2.5" → 25 / 10). */
function scaled(decimal: string): { units: bigint; scale: bigint } {
  const match = DECIMAL.exec(decimal);
  if (!match) throw new Error(`not a non-negative decimal: ${decimal}`);
  const fraction = match[2] ?? '';
  return { units: BigInt(`${match[1]}${fraction}`), scale: 10n ** BigInt(fraction.length) };
}

/** numerator / denominator rounded half away from zero to an integer (denominator > 0). */
export function divideRounded(numerator: bigint, denominator: bigint): bigint {
  const quotient = numerator / denominator;
  const remainder = numerator % denominator;
  const twice = (remainder < 0n ? -remainder : remainder) * 2n;
  if (twice < denominator) return quotient;
  return numerator < 0n ? quotient - 1n : quotient + 1n;
}

/** `percent` % of an amount in minor units, rounded half away from zero to a minor unit. */
export function percentOf(minor: bigint, percent: string): bigint {
  const { units, scale } = scaled(percent);
  return divideRounded(minor * units, scale * 100n);
}

/** numerator / denominator as a decimal string with 4 decimals (half away from zero); null when / 0. */
export function ratio4(numerator: bigint, denominator: bigint): string | null {
  if (denominator === 0n) return null;
  const negative = numerator < 0n !== denominator < 0n && numerator !== 0n;
  const abs = (n: bigint) => (n < 0n ? -n : n);
  const tenThousandths = divideRounded(abs(numerator) * 10_000n, abs(denominator));
  const whole = tenThousandths / 10_000n;
  const fraction = (tenThousandths % 10_000n).toString().padStart(4, '0');
  return `${negative && tenThousandths !== 0n ? '-' : ''}${whole}.${fraction}`;
}

/** Compares two decimal strings (an optional minus sign, digits, an optional fraction) exactly. */
export function compareDecimals(a: string, b: string): number {
  const parse = (value: string) => {
    const negative = value.startsWith('-');
    const { units, scale } = scaled(negative ? value.slice(1) : value);
    return { units: negative ? -units : units, scale };
  };
  const x = parse(a);
  const y = parse(b);
  const left = x.units * y.scale;
  const right = y.units * x.scale;
  return left === right ? 0 : left < right ? -1 : 1;
}

/** Whether a figure meets its target: at most the target when lower is better, at least it otherwise. */
export function meetsTarget(
  value: string | null,
  target: { value: string; better: 'lower' | 'higher' },
): boolean {
  // A figure that cannot be computed (no sales, no receivables) meets nothing.
  if (value === null) return false;
  const order = compareDecimals(value, target.value);
  return target.better === 'lower' ? order <= 0 : order >= 0;
}
