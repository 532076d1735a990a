import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { COUNTRY_CODES, CountryCode, CURRENCY_EXPONENTS } from '../src/index.ts';

// Codes of ISO 4217 list one whose minor unit is "N.A.": no invoice can be written in them.
const WITHOUT_MINOR_UNIT = [
  'XAG',
  'XAU',
  'XBA',
  'XBB',
  'XBC',
  'XBD',
  'XDR',
  'XPD',
  'XPT',
  'XSU',
  'XTS',
  'XUA',
  'XXX',
];

function allThreeLetterCodes(): string[] {
  const letters = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'];
  return letters.flatMap((a) => letters.flatMap((b) => letters.map((c) => a + b + c)));
}

describe('reference data', () => {
  it('the currency table is exactly the ISO 4217 list zod ships, less codes without a minor unit', () => {
    const isoCodes = allThreeLetterCodes().filter((code) => z.currencyCode().safeParse(code).success);
    const expected = isoCodes.filter((code) => !WITHOUT_MINOR_UNIT.includes(code));
    expect([...CURRENCY_EXPONENTS.keys()].sort()).toEqual(expected);
  });

  it('every country code is one the runtime can name', () => {
    const names = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
    expect(COUNTRY_CODES.size).toBe(249);
    for (const code of COUNTRY_CODES) expect(names.of(code), code).toBeTruthy();
  });

  it.each(['CN', 'US', 'DE', 'HK', 'TW', 'MO'])('CountryCode accepts %s', (code) => {
    expect(CountryCode.parse(code)).toBe(code);
  });

  it.each(['cn', 'CHN', 'XX', 'UK', 'EU', 'XK', ''])('CountryCode rejects %j', (code) => {
    expect(CountryCode.safeParse(code).success).toBe(false);
  });
});
