import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { compareDecimals, divideRounded, meetsTarget, percentOf, ratio4 } from '../src/domain/report-math.ts';
import { addDays, completeMonthsBefore, monthOf, monthsUpTo } from '../src/domain/report-months.ts';
import { bucketOf } from '../src/reports/aging-buckets.ts';
import { csvCell, toCsv } from '../src/reports/csv.ts';
import { filterSql } from '../src/reports/report-filter.ts';
import { DEFAULT_KPI_TARGETS, DEFAULT_PROVISION_MATRIX } from '../src/reports/report-settings.ts';

describe('CSV cells', () => {
  it('neutralises what a spreadsheet would run as a formula', () => {
    expect(csvCell('=HYPERLINK("http://x","click")')).toBe(`"'=HYPERLINK(""http://x"",""click"")"`);
    expect(csvCell('+1+cmd|calc')).toBe("'+1+cmd|calc");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\t=1')).toBe("'\t=1");
    // A carriage return needs quoting as well as the prefix.
    expect(csvCell('\r=1')).toBe(`"'\r=1"`);
  });

  it('leaves plain text and numbers, negative amounts included, as they are', () => {
    expect(csvCell('ACME Ltd')).toBe('ACME Ltd');
    expect(csvCell('-12.50')).toBe('-12.50');
    expect(csvCell('-5')).toBe('-5');
    expect(csvCell('1.234')).toBe('1.234');
    expect(csvCell('a=b')).toBe('a=b');
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell(true)).toBe('true');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell('')).toBe('');
  });

  it('quotes commas, quotes and line breaks (RFC 4180)', () => {
    expect(csvCell('Smith, John')).toBe('"Smith, John"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
  });

  it('writes a header and CRLF-terminated lines', () => {
    expect(
      toCsv(
        ['a', 'b'],
        [
          ['1', null],
          ['=x', 2],
        ],
      ),
    ).toBe("a,b\r\n1,\r\n'=x,2\r\n");
    expect(toCsv(['only'], [])).toBe('only\r\n');
  });
});

describe('report filter SQL', () => {
  it('is empty without filters', () => {
    expect(filterSql({}, 'i', 4)).toEqual({ sql: '', values: [] });
  });

  it('numbers its parameters from the given one, the profile fields in one semi-join', () => {
    const { sql, values } = filterSql(
      { currency: 'JPY', industry: 'retail', country: 'KW', collectorId: 'col-1' },
      'i',
      3,
    );
    expect(values).toEqual(['JPY', 'retail', 'KW', 'col-1']);
    expect(sql).toBe(
      ' AND i.currency = $3 AND EXISTS (SELECT 1 FROM customers f WHERE f.customer_id = i.customer_id AND ' +
        "f.profile->>'industry' = $4 AND f.profile->'address'->>'country' = $5 AND f.profile->>'collectorId' = $6)",
    );
  });

  it('takes only the fields given', () => {
    expect(filterSql({ country: 'JP' }, 'c', 1)).toEqual({
      sql: " AND EXISTS (SELECT 1 FROM customers f WHERE f.customer_id = c.customer_id AND f.profile->'address'->>'country' = $1)",
      values: ['JP'],
    });
  });
});

describe('aging buckets', () => {
  it('puts each day count in its bucket, standard and extended', () => {
    const cases: [number, string, string][] = [
      [-5, 'current', 'current'],
      [0, 'current', 'current'],
      [1, '1-30', '1-30'],
      [30, '1-30', '1-30'],
      [31, '31-60', '31-60'],
      [60, '31-60', '31-60'],
      [61, '61-90', '61-90'],
      [90, '61-90', '61-90'],
      [91, '90+', '91-180'],
      [180, '90+', '91-180'],
      [181, '90+', '181+'],
      [4000, '90+', '181+'],
    ];
    for (const [days, standard, extended] of cases) {
      expect([days, bucketOf(days, 'standard'), bucketOf(days, 'extended')]).toEqual([
        days,
        standard,
        extended,
      ]);
    }
  });
});

describe('report arithmetic', () => {
  it('rounds half away from zero', () => {
    expect(divideRounded(5n, 2n)).toBe(3n);
    expect(divideRounded(-5n, 2n)).toBe(-3n);
    expect(divideRounded(4n, 3n)).toBe(1n);
    expect(divideRounded(-4n, 3n)).toBe(-1n);
    expect(divideRounded(0n, 7n)).toBe(0n);
  });

  it('takes a percentage of minor units: JPY has none below the yen, KWD three decimals', () => {
    // 2 % of ¥12,345 = ¥246.9 → ¥247; 0.5 % of ¥1 = ¥0.005 → ¥0
    expect(percentOf(12_345n, '2')).toBe(247n);
    expect(percentOf(1n, '0.5')).toBe(0n);
    // 0.5 % of 1.001 KWD (1001 fils) = 5.005 fils → 5 fils; 100 % is the whole
    expect(percentOf(1001n, '0.5')).toBe(5n);
    expect(percentOf(1001n, '100')).toBe(1001n);
    // 2.5 % of 0.20 EUR = 0.5 cent → 1 cent (half away from zero)
    expect(percentOf(20n, '2.5')).toBe(1n);
    expect(percentOf(0n, '75')).toBe(0n);
  });

  it('gives ratios with 4 decimals, null when dividing by 0', () => {
    expect(ratio4(1n, 3n)).toBe('0.3333');
    expect(ratio4(2n, 3n)).toBe('0.6667');
    expect(ratio4(5n, 1n)).toBe('5.0000');
    expect(ratio4(0n, 9n)).toBe('0.0000');
    expect(ratio4(-1n, 3n)).toBe('-0.3333');
    expect(ratio4(1n, 0n)).toBeNull();
    // 1 / 20000 = 0.00005 → 0.0001
    expect(ratio4(1n, 20_000n)).toBe('0.0001');
  });

  it('compares decimal strings exactly and tells whether a target is met', () => {
    expect(compareDecimals('0.1', '0.10')).toBe(0);
    expect(compareDecimals('45.0001', '45')).toBe(1);
    expect(compareDecimals('-1', '0')).toBe(-1);
    expect(compareDecimals('9.99', '10')).toBe(-1);
    expect(meetsTarget('45.0000', { value: '45', better: 'lower' })).toBe(true);
    expect(meetsTarget('45.0001', { value: '45', better: 'lower' })).toBe(false);
    expect(meetsTarget('80.0000', { value: '80', better: 'higher' })).toBe(true);
    expect(meetsTarget('79.9999', { value: '80', better: 'higher' })).toBe(false);
    expect(meetsTarget(null, { value: '80', better: 'higher' })).toBe(false);
  });
});

describe('report months', () => {
  it('finds month ends, leap years included', () => {
    expect(monthOf('2028-02-10')).toEqual({ month: '2028-02', from: '2028-02-01', to: '2028-02-29' });
    expect(monthOf('2027-02-28')).toEqual({ month: '2027-02', from: '2027-02-01', to: '2027-02-28' });
    expect(monthOf('2028-01-31', -1)).toEqual({ month: '2027-12', from: '2027-12-01', to: '2027-12-31' });
    expect(monthOf('2028-12-31', 1)).toEqual({ month: '2029-01', from: '2029-01-01', to: '2029-01-31' });
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
    expect(addDays('2027-12-31', 1)).toBe('2028-01-01');
  });

  it('lists whole months before today, and months up to a date cut at that date', () => {
    expect(completeMonthsBefore('2028-03-15', 2).map((m) => m.month)).toEqual(['2028-01', '2028-02']);
    expect(completeMonthsBefore('2028-01-01', 1)).toEqual([
      { month: '2027-12', from: '2027-12-01', to: '2027-12-31' },
    ]);
    expect(monthsUpTo('2028-03-15', 2)).toEqual([
      { month: '2028-02', from: '2028-02-01', to: '2028-02-29' },
      { month: '2028-03', from: '2028-03-01', to: '2028-03-15' },
    ]);
  });
});

describe('report settings', () => {
  const base = {
    DATABASE_URL: 'postgres://x@127.0.0.1/x',
    REDIS_URL: 'redis://127.0.0.1:6379',
    KAFKA_BROKERS: '127.0.0.1:9092',
    ADMIN_API_KEY: 'k'.repeat(32),
  };

  it('defaults the provision matrix and KPI targets, class C above B above A in every bucket', () => {
    const config = loadConfig(base);
    expect(config.PROVISION_MATRIX).toEqual(DEFAULT_PROVISION_MATRIX);
    expect(config.KPI_TARGETS).toEqual(DEFAULT_KPI_TARGETS);
    for (const [bucket, rate] of Object.entries(DEFAULT_PROVISION_MATRIX.B)) {
      const a = DEFAULT_PROVISION_MATRIX.A[bucket as keyof typeof DEFAULT_PROVISION_MATRIX.A];
      const c = DEFAULT_PROVISION_MATRIX.C[bucket as keyof typeof DEFAULT_PROVISION_MATRIX.C];
      expect(compareDecimals(a, rate)).toBe(-1);
      expect(compareDecimals(c, rate)).toBe(1);
    }
  });

  it('reads a matrix given as JSON and refuses one that is not JSON or misses a bucket', () => {
    const matrix = structuredClone(DEFAULT_PROVISION_MATRIX);
    matrix.C['181+'] = '90';
    expect(loadConfig({ ...base, PROVISION_MATRIX: JSON.stringify(matrix) }).PROVISION_MATRIX.C['181+']).toBe(
      '90',
    );
    expect(() => loadConfig({ ...base, PROVISION_MATRIX: '{not json' })).toThrow(/PROVISION_MATRIX/);
    const { '181+': _, ...missing } = matrix.A;
    expect(() =>
      loadConfig({ ...base, PROVISION_MATRIX: JSON.stringify({ ...matrix, A: missing }) }),
    ).toThrow(/PROVISION_MATRIX/);
    expect(() =>
      loadConfig({
        ...base,
        KPI_TARGETS: JSON.stringify({ ...DEFAULT_KPI_TARGETS, dso: { value: '-1', better: 'lower' } }),
      }),
    ).toThrow(/KPI_TARGETS/);
  });
});
