import fc from 'fast-check';

/**
 * Text a client may legitimately send as a name, note or template field: injection attempts, markup,
 * bidirectional and invisible characters, emoji, scripts other than Latin. Every entry is well-formed
 * Unicode without NUL and contains a non-blank character, so a service must store it verbatim.
 */
export const legalHostileTexts: readonly string[] = [
  "Robert'); DROP TABLE customers;--",
  "' OR '1'='1",
  '" OR ""="',
  '1; SELECT pg_sleep(10);--',
  "x' UNION SELECT table_name FROM information_schema.tables--",
  '$1 $$ $$; COPY customers TO PROGRAM $$id$$',
  '\\x00 \\u0000 \\0 %00',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(document.cookie)>',
  '"><svg onload=alert(1)>',
  '{{constructor.constructor("return process")()}}',
  '{{#each this}}{{this}}{{/each}} {{{raw}}} {{> partial}}',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template injection attempt, on purpose
  '${process.env.ADMIN_API_KEY}',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  '%s%s%s%n',
  '../../../../etc/passwd',
  'C:\\Windows\\System32',
  '\u202Eevil.exe\u202Cfdp.txt',
  '\u200F\u05E9\u05DC\u05D5\u05DD \u0627\u0644\u0633\u0644\u0627\u0645',
  'zero\u200Bwidth\u200C\u200D\uFEFFjoiners',
  '😀👨‍👩‍👧‍👦🏳️‍🌈🇨🇳',
  '上海贸易有限公司',
  'Z̴̡̛͓̠a̸̧̛̰l̷̨̛̖g̵̢̛̗o̴̡̧̜',
  'e\u0301\u0301\u0301 combining',
  '\uFFFD\uFFFE\uFFFF noncharacters',
  '\u{10FFFF}\u{E0001}\u{1D11E}',
  'tab\there\r\nnewline\u2028line\u2029para',
  '\u0001\u0002\u001F\u007F\u0085 controls',
  '   padded   ',
  'ＦＵＬＬＷＩＤＴＨ',
  'İstanbul ß ǅ ﬁ',
  '0',
  '-1',
  'NaN',
  'null',
  'true',
  '1e309',
  '[]',
  '{}',
];

/** Strings PostgreSQL cannot store as text or jsonb and JSON cannot carry faithfully as UTF-8. */
export const unstorableTexts: readonly string[] = [
  'nul\u0000inside',
  '\u0000',
  'lone high \uD800 surrogate',
  'lone low \uDC00 surrogate',
  'reversed \uDC00\uD800 pair',
  'trailing high \uDBFF',
];

/** Numbers at the edges of what JSON, JavaScript and PostgreSQL's integer types hold. */
export const edgeNumbers: readonly number[] = [
  0,
  -0,
  -1,
  0.5,
  1e-7,
  2 ** 31,
  -(2 ** 31) - 1,
  2 ** 53,
  2 ** 53 + 2,
  2 ** 63,
  2 ** 64,
  Number.MAX_SAFE_INTEGER,
  -Number.MAX_SAFE_INTEGER,
  Number.MAX_VALUE,
  -Number.MAX_VALUE,
  Number.MIN_VALUE,
  1e308,
];

/** Number-looking strings: where a number is expected they test coercion, in amounts they test parsing. */
export const numericStrings: readonly string[] = [
  '1e309',
  '-1e309',
  '-0',
  '+1',
  '0x10',
  '1_000',
  '١٢٣',
  'NaN',
  'Infinity',
  '-Infinity',
  '18446744073709551616',
  '9223372036854775808',
  '-9223372036854775809',
  '92233720368547758.08',
  '99999999999999999999999999999.99',
  '0.000000000000000000001',
  '1.',
  '.5',
  ' 1',
  '1 ',
  '',
];

/** A non-blank text of at most `max` characters, biased to hostile-but-legal content. */
export function hostileTextArbitrary(max: number): fc.Arbitrary<string> {
  const fitting = legalHostileTexts.filter((text) => text.length <= max);
  return fc
    .oneof(
      { weight: 4, arbitrary: fc.constantFrom(...fitting) },
      { weight: 2, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: Math.min(max, 40) }) },
      { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: Math.min(max, 40) }) },
      { weight: 1, arbitrary: fc.constant('\u{1F600}'.repeat(Math.floor(max / 2))) },
      { weight: 1, arbitrary: fc.constant('x'.repeat(max)) },
    )
    .map((text) => (/\S/.test(text) ? text : `${text}x`).slice(0, max))
    .filter((text) => /\S/.test(text) && text.isWellFormed() && !text.includes('\u0000'));
}
