/**
 * A bar chart of one currency's aging buckets as SVG markup, drawn on the server (no script, so the
 * strict CSP holds). Bar heights are proportional to the amounts; the amounts are compared as
 * BigInt minor units (the decimal point removed), never as floats, and only the ratio to the
 * largest bucket is turned into pixels.
 */
export interface ChartBucket {
  label: string;
  amount: string;
  /** The amount formatted for the reader, used in the bar's title. */
  shown: string;
}

const WIDTH = 420;
const HEIGHT = 180;
const BAR_AREA = 140;

const escapeXml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );

/** Minor units of a decimal string with the given number of decimals. */
export function minorUnits(amount: string, decimals: number): bigint {
  const negative = amount.startsWith('-');
  const [whole = '0', fraction = ''] = amount.replace('-', '').split('.');
  const value = BigInt(whole + fraction.padEnd(decimals, '0').slice(0, decimals));
  return negative ? -value : value;
}

/** Height in pixels of `value` against `max` (0..BAR_AREA), rounded down, at least 1 for a non-zero value. */
export function barHeight(value: bigint, max: bigint): number {
  if (max <= 0n || value <= 0n) return 0;
  const height = Number((value * BigInt(BAR_AREA)) / max);
  return Math.max(1, height);
}

export function agingChartSvg(title: string, buckets: readonly ChartBucket[]): string {
  const decimals = Math.max(0, ...buckets.map((b) => b.amount.split('.')[1]?.length ?? 0));
  const values = buckets.map((b) => minorUnits(b.amount, decimals));
  let max = 0n;
  for (const value of values) if (value > max) max = value;
  const slot = WIDTH / Math.max(1, buckets.length);
  const bars = buckets
    .map((bucket, i) => {
      const h = barHeight(values[i] as bigint, max);
      const x = Math.round(i * slot + slot * 0.15);
      const w = Math.round(slot * 0.7);
      const y = 10 + BAR_AREA - h;
      return (
        `<g><title>${escapeXml(`${bucket.label}: ${bucket.shown}`)}</title>` +
        `<rect class="bar" x="${x}" y="${y}" width="${w}" height="${h}"></rect>` +
        `<text x="${x + w / 2}" y="${HEIGHT - 10}" text-anchor="middle">${escapeXml(bucket.label)}</text></g>`
      );
    })
    .join('');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${escapeXml(title)}" ` +
    `viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" class="chart">` +
    `<title>${escapeXml(title)}</title>${bars}</svg>`
  );
}
