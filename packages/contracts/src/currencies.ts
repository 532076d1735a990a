/** Minor-unit exponent of a currency: the number of decimals its amounts carry. */
export type CurrencyExponent = 0 | 2 | 3 | 4;

// ISO 4217 list one (2026-01-01), codes grouped by minor unit. Codes whose minor unit is "N.A."
// (precious metals, bond-market units, XDR, XSU, XUA, XTS, XXX) cannot carry an invoice amount, so they
// are left out on purpose. Withdrawn codes (ANG, BGN, CUC, HRK, SLL, ZWL) are gone from the list.
const BY_EXPONENT: Record<CurrencyExponent, string> = {
  0: 'BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF',
  2: `AED AFN ALL AMD AOA ARS AUD AWG AZN BAM BBD BDT BMD BND BOB BOV BRL BSD BTN BWP BYN BZD
      CAD CDF CHE CHF CHW CNY COP COU CRC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP
      GEL GHS GIP GMD GTQ GYD HKD HNL HTG HUF IDR ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK
      LBP LKR LRD LSL MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO
      NOK NPR NZD PAB PEN PGK PHP PKR PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE SOS
      SRD SSP STN SVC SYP SZL THB TJS TMT TOP TRY TTD TWD TZS UAH USD USN UYU UZS VED VES WST
      XAD XCD XCG YER ZAR ZMW ZWG`,
  3: 'BHD IQD JOD KWD LYD OMR TND',
  4: 'CLF UYW',
};

/** Every active ISO 4217 code that has a minor unit, mapped to its exponent. */
export const CURRENCY_EXPONENTS: ReadonlyMap<string, CurrencyExponent> = new Map(
  (Object.entries(BY_EXPONENT) as [string, string][]).flatMap(([exponent, codes]) =>
    codes
      .trim()
      .split(/\s+/)
      .map((code): [string, CurrencyExponent] => [code, Number(exponent) as CurrencyExponent]),
  ),
);
