import fc from 'fast-check';
import { hostileTextArbitrary, legalHostileTexts } from './hostile-values.ts';
import { alternativesOf, isFreeText, type JsonSchema } from './json-schema.ts';

/** The pattern of every business id (`EntityId` in the contracts). */
export const ENTITY_ID_PATTERN = '^[A-Za-z0-9._-]+$';
const AMOUNT_PATTERN = '^-?\\d+(\\.\\d+)?$';

export interface ValueOptions {
  /** Business ids (customer, invoice...): fresh ones, or ones the platform already holds. */
  ids: fc.Arbitrary<string>;
  /** Free text: hostile-but-legal strings, or plain words. */
  text: 'hostile' | 'plain';
}

const isoDay = (date: Date) => date.toISOString().slice(0, 10);
const nearDates = fc.date({
  min: new Date('2024-01-01T00:00:00Z'),
  max: new Date('2030-12-31T00:00:00Z'),
  noInvalidDate: true,
});

// Mostly values the services meet in practice, so the requests get past validation into the handlers.
const usual: Record<string, fc.Arbitrary<string>> = {
  // Two-decimal currencies mostly (amounts are generated with two decimals), the odd ones sometimes.
  currency: fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom('CNY', 'USD', 'EUR', 'GBP') },
    { weight: 1, arbitrary: fc.constantFrom('JPY', 'KWD', 'XXX', 'ABC') },
  ),
  country: fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom('CN', 'US', 'DE', 'JP') },
    { weight: 1, arbitrary: fc.constant('ZZ') },
  ),
  // One amount often: related fields (a balance never above its amount) then agree more often than not.
  amount: fc.oneof(
    { weight: 5, arbitrary: fc.constant('1200.50') },
    { weight: 4, arbitrary: fc.integer({ min: 0, max: 10_000_000 }).map((n) => (n / 100).toFixed(2)) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '0',
        '-5.00',
        '0.001',
        '1.5',
        '92233720368547758.07',
        '92233720368547758.08',
        '-92233720368547758.08',
        '99999999999999999999999999999.99',
        '00000000000000000000000000001.00',
      ),
    },
  ),
  date: fc.oneof(
    { weight: 6, arbitrary: nearDates.map(isoDay) },
    {
      weight: 1,
      arbitrary: fc.constantFrom('0000-01-01', '0001-01-01', '9999-12-31', '2000-02-29', '1970-01-01'),
    },
  ),
  dateTime: fc.oneof(
    { weight: 6, arbitrary: nearDates.map((date) => date.toISOString()) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '0000-01-01T00:00:00Z',
        '9999-12-31T23:59:59.999999999+14:00',
        '2026-03-29T02:30:00+01:00',
        '1970-01-01T00:00:00-23:59',
      ),
    },
  ),
  timezone: fc.constantFrom('Asia/Shanghai', 'UTC', 'America/New_York', 'Pacific/Kiritimati', 'Etc/GMT+12'),
  email: fc.constantFrom('ap@acme.example', "o'brien+dunning@example.co.uk", 'a@b.cd'),
  phone: fc.constantFrom('+8613800138000', '+14155550100', '+999999999999999'),
};

const cache = new WeakMap<JsonSchema, Map<string, fc.Arbitrary<unknown>>>();

/** Values the schema accepts as far as JSON Schema says (refinements beyond it may still refuse them). */
export function valueArbitrary(schema: JsonSchema, options: ValueOptions): fc.Arbitrary<unknown> {
  const key = options.text;
  let bySchema = cache.get(schema);
  if (!bySchema) {
    bySchema = new Map();
    cache.set(schema, bySchema);
  }
  // Ids differ per call site (fresh or known), so only id-free schemas are cached.
  const cached = bySchema.get(key);
  if (cached) return cached;
  const { arbitrary, usesIds } = build(schema, options);
  if (!usesIds) bySchema.set(key, arbitrary);
  return arbitrary;
}

function build(
  schema: JsonSchema,
  options: ValueOptions,
): { arbitrary: fc.Arbitrary<unknown>; usesIds: boolean } {
  let usesIds = false;
  const of = (inner: JsonSchema) => {
    const built = build(inner, options);
    usesIds ||= built.usesIds;
    return built.arbitrary;
  };
  const arbitrary = ((): fc.Arbitrary<unknown> => {
    if (schema.const !== undefined) return fc.constant(schema.const);
    if (schema.enum) return fc.constantFrom(...schema.enum);
    const alternatives = alternativesOf(schema);
    if (alternatives) return fc.oneof(...alternatives.map(of));
    switch (schema.type) {
      case 'string':
        if (schema.pattern === ENTITY_ID_PATTERN) {
          usesIds = true;
          return options.ids;
        }
        return stringArbitrary(schema, options);
      case 'integer':
      case 'number':
        return numberArbitrary(schema);
      case 'boolean':
        return fc.boolean();
      case 'null':
        return fc.constant(null);
      case 'array': {
        const minLength = schema.minItems ?? 0;
        const maxLength = Math.min(schema.maxItems ?? minLength + 2, minLength + 2);
        return fc.array(schema.items ? of(schema.items) : fc.jsonValue({ maxDepth: 1 }), {
          minLength,
          maxLength,
        });
      }
      case 'object': {
        const properties = schema.properties ?? {};
        const model = Object.fromEntries(
          Object.entries(properties).map(([name, inner]) => [name, of(inner)]),
        );
        const requiredKeys = (schema.required ?? []).filter((name) => name in properties);
        return fc.record(model, { requiredKeys });
      }
      default:
        return fc.jsonValue({ maxDepth: 2 });
    }
  })();
  return { arbitrary, usesIds };
}

function stringArbitrary(schema: JsonSchema, options: ValueOptions): fc.Arbitrary<string> {
  const max = schema.maxLength ?? 200;
  const min = schema.minLength ?? 0;
  if (schema.description?.includes('IANA time zone')) return usual.timezone!;
  if (schema.format === 'date') return usual.date!;
  if (schema.format === 'date-time') return usual.dateTime!;
  if (schema.format === 'email') return usual.email!;
  if (schema.format === 'e164') return usual.phone!;
  if (schema.pattern === '^[A-Z]{3}$') return usual.currency!;
  if (schema.pattern === '^[A-Z]{2}$') return usual.country!;
  if (schema.pattern === AMOUNT_PATTERN) return usual.amount!;
  if (isFreeText(schema)) {
    if (options.text === 'hostile') return hostileTextArbitrary(max).filter((text) => text.length >= min);
    return fc.stringMatching(/^[A-Za-z][A-Za-z ]{0,30}$/).map((text) => text.slice(0, Math.max(max, 1)));
  }
  if (schema.pattern) {
    const pattern = new RegExp(schema.pattern);
    const matching = fc.stringMatching(pattern, { size: 'small' });
    // Hostile words that fit the pattern ("constructor" as a key) find lookups in plain objects.
    const hostile = legalHostileTexts.filter((text) => pattern.test(text));
    return (hostile.length > 0 ? fc.oneof(matching, fc.constantFrom(...hostile)) : matching).filter(
      (text) => text.length >= min && text.length <= max,
    );
  }
  return fc.string({ minLength: min, maxLength: Math.min(max, 40) });
}

function numberArbitrary(schema: JsonSchema): fc.Arbitrary<number> {
  const integer = schema.type === 'integer';
  const min = schema.minimum ?? (integer ? Number.MIN_SAFE_INTEGER : -1e6);
  const max = schema.maximum ?? (integer ? Number.MAX_SAFE_INTEGER : 1e6);
  const inside = integer
    ? fc.integer({ min: Math.max(min, Number.MIN_SAFE_INTEGER), max: Math.min(max, Number.MAX_SAFE_INTEGER) })
    : fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
  // Bounds are where off-by-one and overflow live.
  return fc.oneof({ weight: 4, arbitrary: inside }, { weight: 1, arbitrary: fc.constantFrom(min, max) });
}
