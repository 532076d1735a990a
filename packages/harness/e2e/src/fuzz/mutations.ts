import fc from 'fast-check';
import { edgeNumbers, legalHostileTexts, numericStrings, unstorableTexts } from './hostile-values.ts';
import {
  acceptedTypes,
  alternativesOf,
  isClosedObject,
  type JsonSchema,
  typeOfValue,
} from './json-schema.ts';
import { deepJson, RawJson } from './raw-json.ts';
import { alternativeFor, type Path, type Site, sitesOf } from './schema-sites.ts';

/** A schema-valid value turned invalid in one place; `what` says how, for failure reports. */
export interface Mutated {
  value: unknown;
  what: string;
}

/** A mutation not yet applied: only the one drawn is built. */
interface Candidate {
  what: string;
  make(): unknown;
}

export const DEEP_LEVELS = 10_000;

const deepArray = deepJson(DEEP_LEVELS, 'array');
const deepObject = deepJson(DEEP_LEVELS, 'object');
const infinities = [new RawJson('1e309', 'number'), new RawJson('-1e309', 'number')];

/** Replacement values of every JSON type, hostile where possible. */
const anyTypeValues: readonly unknown[] = [
  ...edgeNumbers,
  ...numericStrings,
  ...legalHostileTexts.slice(0, 8),
  true,
  false,
  null,
  [],
  {},
  [1, 'two', null],
  { nested: { deeper: [{}] } },
  deepArray,
  deepObject,
  'x'.repeat(200_000),
];

const extraKeys: readonly string[] = [
  'extra',
  '',
  '__proto__',
  'constructor',
  "'; DROP TABLE x;--",
  '<b>key</b>',
  'k\u0000ey',
  'k\uD800ey',
  '😀',
  'k'.repeat(10_000),
];

function setAt(root: unknown, path: Path, replace: (old: unknown) => unknown): unknown {
  if (path.length === 0) return replace(root);
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let parent = copy;
  for (const segment of path.slice(0, -1)) parent = parent[segment] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  parent[last] = replace(parent[last]);
  return copy;
}

/** Keys without which no alternative of the schema accepts the object. */
function requiredInEveryAlternative(schema: JsonSchema): string[] {
  const alternatives = alternativesOf(schema) ?? [schema];
  return (alternatives[0]?.required ?? []).filter((key) =>
    alternatives.every((alternative) => alternative.required?.includes(key)),
  );
}

const label = (path: Path) => (path.length === 0 ? '(root)' : path.join('.'));

/** Every way to make `value` invalid at `site`, each certainly refused by a faithful validator. */
function candidates(root: unknown, site: Site): Candidate[] {
  const { path, schema, value } = site;
  const out: Candidate[] = [];
  const at = label(path);
  const accepted = acceptedTypes(schema);
  for (const replacement of anyTypeValues) {
    if (!accepted.has(typeOfValue(replacement)))
      out.push({ make: () => setAt(root, path, () => replacement), what: `wrong type at ${at}` });
  }
  if (typeof value === 'string') {
    for (const text of unstorableTexts)
      out.push({ make: () => setAt(root, path, () => `${value}${text}`), what: `unstorable text at ${at}` });
    if (schema.maxLength !== undefined)
      out.push({
        make: () => setAt(root, path, () => 'y'.repeat(schema.maxLength! + 1)),
        what: `too long at ${at}`,
      });
    if (schema.pattern) {
      const pattern = new RegExp(schema.pattern);
      for (const text of [...legalHostileTexts, ' \t\n ', '']) {
        if (!pattern.test(text) && !(schema.minLength && text.length < schema.minLength) && !schema.enum)
          out.push({ make: () => setAt(root, path, () => text), what: `pattern broken at ${at}` });
      }
    }
  }
  if (schema.const !== undefined)
    out.push({
      make: () => setAt(root, path, () => `${String(schema.const)}.other`),
      what: `not the constant at ${at}`,
    });
  if (schema.enum)
    for (const text of ['not-a-member', 'EN', 'true ', '']) {
      if (!schema.enum.includes(text))
        out.push({ make: () => setAt(root, path, () => text), what: `not in enum at ${at}` });
    }
  if (typeof value === 'number') {
    for (const infinity of infinities)
      out.push({ make: () => setAt(root, path, () => infinity), what: `${infinity.text} at ${at}` });
    if (schema.minimum !== undefined)
      for (const below of [schema.minimum - 1, -Number.MAX_VALUE])
        out.push({ make: () => setAt(root, path, () => below), what: `below minimum at ${at}` });
    if (schema.maximum !== undefined)
      for (const above of [schema.maximum + 1, 2 ** 64, Number.MAX_VALUE])
        if (above > schema.maximum)
          out.push({ make: () => setAt(root, path, () => above), what: `above maximum at ${at}` });
  }
  if (Array.isArray(value)) {
    if (schema.minItems)
      out.push({ make: () => setAt(root, path, () => []), what: `too few items at ${at}` });
    if (schema.maxItems !== undefined && value.length > 0)
      out.push({
        make: () => setAt(root, path, () => Array.from({ length: schema.maxItems! + 1 }, () => value[0])),
        what: `too many items at ${at}`,
      });
  }
  const governing = alternativeFor(schema, value);
  if (value && typeof value === 'object' && !Array.isArray(value) && governing) {
    for (const key of requiredInEveryAlternative(schema)) {
      if (governing.properties?.[key]?.default !== undefined) continue;
      out.push({
        make: () =>
          setAt(root, path, (old) => {
            const { [key]: _removed, ...rest } = old as Record<string, unknown>;
            return rest;
          }),
        what: `missing ${[...path, key].join('.')}`,
      });
    }
    if (isClosedObject(schema)) {
      for (const key of extraKeys) {
        if (governing.properties && key in governing.properties) continue;
        for (const extra of [1, deepObject, 'x'.repeat(100_000)])
          out.push({
            make: () =>
              setAt(root, path, (old) => {
                const copy = { ...(old as Record<string, unknown>) };
                // defineProperty: `__proto__` must become an own key, as JSON.parse makes it.
                Object.defineProperty(copy, key, {
                  value: extra,
                  enumerable: true,
                  writable: true,
                  configurable: true,
                });
                return copy;
              }),
            what: `unknown key ${JSON.stringify(key.slice(0, 20))} at ${at}`,
          });
      }
    }
  }
  return out;
}

/**
 * Invalid variants of a schema-valid value (those whose description matches `only`, when given): wrong types (including 10k-deep nesting and huge numbers),
 * NUL and lone surrogates, too long, out of range, outside patterns and enums, missing and unknown keys.
 */
export function invalidVariantArbitrary(
  schema: JsonSchema,
  valid: fc.Arbitrary<unknown>,
  only?: RegExp,
): fc.Arbitrary<Mutated> {
  return valid.chain((value) => {
    const all = sitesOf(schema, value).flatMap((site) => candidates(value, site));
    const chosen = only ? all.filter((option) => only.test(option.what)) : all;
    const options = chosen.length > 0 ? chosen : all;
    return fc
      .constantFrom(...options)
      .map((option): Mutated => ({ value: option.make(), what: option.what }));
  });
}
