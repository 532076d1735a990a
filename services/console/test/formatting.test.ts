import { describe, expect, it } from 'vitest';
import { agingChartSvg, barHeight, minorUnits } from '../src/domain/aging-chart.ts';
import { OVERDUE_REASONS } from '../src/http/customer.routes.ts';
import { formatAmount, formatDate, formatInstant, formatNumber } from '../src/i18n/format.ts';
import { catalogs, translate } from '../src/i18n/messages.ts';

describe('the message catalogue', () => {
  it('has every English key in Simplified Chinese, none left empty', () => {
    expect(Object.keys(catalogs['zh-CN']).sort()).toEqual(Object.keys(catalogs.en).sort());
    for (const text of Object.values(catalogs['zh-CN'])) expect(text.length).toBeGreaterThan(0);
  });

  it('offers every overdue reason of the contract, labelled in both languages', () => {
    expect(OVERDUE_REASONS).toEqual([
      'cash-flow',
      'contract-dispute',
      'operational',
      'bad-credit',
      'logistics',
      'malicious',
      'other',
    ]);
    for (const catalog of [catalogs.en, catalogs['zh-CN']])
      for (const reason of OVERDUE_REASONS) expect(catalog).toHaveProperty([`reason.${reason}`]);
    expect(catalogs['zh-CN']['reason.malicious']).toContain('恶意');
  });

  it('words every recommended-terms code credit-risk sends, in both locales', () => {
    const codes = [
      'class-a-longer',
      'class-b-usual',
      'class-c-shorter',
      'class-c-prepayment',
      'open-alert-prepayment',
    ];
    for (const locale of ['en', 'zh-CN'] as const) {
      for (const code of codes) expect(catalogs[locale]).toHaveProperty(`terms.${code}`);
    }
    expect(translate('en', 'terms.days', { days: 45 })).toBe('45 days');
    expect(translate('zh-CN', 'terms.days', { days: 45 })).toBe('45 天');
  });

  it('fills placeholders', () => {
    expect(translate('en', 'worklist.claimed', { count: 3 })).toBe('Claimed 3 task(s).');
    expect(translate('zh-CN', 'worklist.claimed', { count: 3 })).toBe('已认领 3 个任务。');
  });
});

describe('amounts through Intl, never a float', () => {
  it.each([
    ['en', '1234.50', 'CNY', 'CN¥1,234.50'],
    ['zh-CN', '1234.50', 'CNY', '¥1,234.50'],
    ['en', '10000', 'JPY', '¥10,000'],
    ['en', '12.345', 'KWD', 'KWD 12.345'],
    ['en', '0.1', 'USD', '$0.10'],
    // Beyond a double's exact range: every digit kept.
    ['en', '92233720368547758.07', 'CNY', 'CN¥92,233,720,368,547,758.07'],
  ] as const)('%s %s %s', (locale, amount, currency, shown) => {
    expect(formatAmount(locale, amount, currency).replace(/\u00a0/g, ' ')).toBe(shown);
  });
});

describe('dates', () => {
  it('shows a calendar date as that date in any zone', () => {
    expect(formatDate('en', '2026-02-28')).toBe('Feb 28, 2026');
    expect(formatDate('zh-CN', '2026-12-31')).toBe('2026年12月31日');
  });

  it('shows an instant in the customer’s zone (a month end crossing in Shanghai)', () => {
    expect(formatInstant('en', '2026-01-31T17:30:00.000Z', 'Asia/Shanghai')).toBe('Feb 1, 2026, 1:30 AM');
    expect(formatInstant('en', '2026-01-31T17:30:00.000Z', 'UTC')).toBe('Jan 31, 2026, 5:30 PM');
  });

  it('shows a ratio, or a dash when undefined', () => {
    expect(formatNumber('en', '45.1234')).toBe('45.1');
    expect(formatNumber('en', null)).toBe('–');
  });
});

describe('the aging chart', () => {
  it('reads decimal strings as minor units', () => {
    expect(minorUnits('1234.5', 2)).toBe(123450n);
    expect(minorUnits('10000', 0)).toBe(10000n);
    expect(minorUnits('1.005', 3)).toBe(1005n);
    expect(minorUnits('-2.50', 2)).toBe(-250n);
  });

  it('scales bars to the largest bucket, a tiny non-zero amount still visible', () => {
    expect(barHeight(100n, 100n)).toBe(140);
    expect(barHeight(50n, 100n)).toBe(70);
    expect(barHeight(1n, 10n ** 20n)).toBe(1);
    expect(barHeight(0n, 100n)).toBe(0);
    expect(barHeight(0n, 0n)).toBe(0);
  });

  it('draws one labelled bar per bucket and escapes text', () => {
    const svg = agingChartSvg('Aging <CNY>', [
      { label: 'current', amount: '100.00', shown: 'CN¥100.00' },
      { label: '1-30', amount: '50.5', shown: 'CN¥50.50' },
      { label: '90+', amount: '0.00', shown: 'CN¥0.00' },
    ]);
    expect(svg.match(/<rect /g)).toHaveLength(3);
    expect(svg).toContain('aria-label="Aging &lt;CNY&gt;"');
    expect(svg).toContain('height="140"');
    expect(svg).toContain('height="70"');
    expect(svg).not.toContain('<script');
  });
});
