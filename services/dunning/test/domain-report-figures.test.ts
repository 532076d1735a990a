import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from '../src/domain/csv.ts';
import { parseCollectionCosts, ratio } from '../src/domain/report-figures.ts';

describe('ratio', () => {
  it('gives four decimals, rounded down', () => {
    expect(ratio(1n, 3n)).toBe('0.3333');
    expect(ratio(2n, 3n)).toBe('0.6666');
    expect(ratio(40_000n, 100_000n)).toBe('0.4000');
    expect(ratio(5n, 5n)).toBe('1.0000');
    expect(ratio(0n, 7n)).toBe('0.0000');
    // Above one: a cost larger than what it recovered.
    expect(ratio(12_345n, 1_000n)).toBe('12.3450');
  });

  it('is null when there is nothing to divide by', () => {
    expect(ratio(5n, 0n)).toBeNull();
    expect(ratio(5n, -1n)).toBeNull();
  });

  it('keeps precision beyond doubles (sums need not fit a bigint column)', () => {
    const huge = 10n ** 30n;
    expect(ratio(huge / 4n, huge)).toBe('0.2500');
    expect(ratio(huge - 1n, huge)).toBe('0.9999');
  });

  it('shows a negative ratio with its sign, and none when it rounds to zero', () => {
    expect(ratio(-1n, 4n)).toBe('-0.2500');
    expect(ratio(-1n, 100_000n)).toBe('0.0000');
  });
});

describe('COLLECTION_COSTS', () => {
  it('reads costs in each currency’s own minor units (JPY 0, KWD 3 decimals)', () => {
    expect(
      parseCollectionCosts({
        EUR: { task: '4.00', sms: '0.05', email: '0', letter: '1.2' },
        JPY: { task: '500' },
        KWD: { letter: '0.375' },
      }),
    ).toEqual({
      costs: {
        EUR: { task: 400n, sms: 5n, email: 0n, letter: 120n },
        JPY: { task: 500n },
        KWD: { letter: 375n },
      },
    });
    expect(parseCollectionCosts({})).toEqual({ costs: {} });
  });

  it('names every problem', () => {
    expect(
      parseCollectionCosts({ JPY: { task: '1.5' }, KWD: { fax: '1' }, EUR: { sms: -1 }, XXQ: {}, USD: 3 }),
    ).toEqual({
      problems: [
        { path: 'JPY.task', message: expect.stringContaining('decimal') },
        { path: 'KWD.fax', message: 'must be one of task, email, sms, letter' },
        { path: 'EUR.sms', message: 'must be a decimal string' },
        { path: 'XXQ', message: 'unknown ISO 4217 currency' },
        { path: 'USD', message: 'must be an object of costs' },
      ],
    });
    expect(parseCollectionCosts({ EUR: { task: '-1.00' } })).toEqual({
      problems: [{ path: 'EUR.task', message: 'must not be negative' }],
    });
    expect(parseCollectionCosts([])).toHaveProperty('problems');
  });
});

describe('CSV', () => {
  it('neutralises cells a spreadsheet would run as a formula', () => {
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-5.00')).toBe("'-5.00");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tcmd')).toBe("'\tcmd");
    expect(csvCell('\rcmd')).toBe(`"'\rcmd"`);
    // Only the first character decides.
    expect(csvCell('a=b')).toBe('a=b');
    expect(csvCell('col-1')).toBe('col-1');
  });

  it('quotes separators, quotes and line breaks; numbers and empty cells as they are', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell(12n)).toBe('12');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell('')).toBe('');
  });

  it('writes a header and CRLF-terminated lines', () => {
    expect(
      toCsv(
        ['collectorId', 'recovered'],
        [
          ['col-1', '1.500'],
          ['=cmd', null],
        ],
      ),
    ).toBe("collectorId,recovered\r\ncol-1,1.500\r\n'=cmd,\r\n");
  });
});
