import fc from 'fast-check';
import type { JsonSchema } from './json-schema.ts';
import type { Operation, Parameter } from './openapi-operations.ts';
import { toJsonText } from './raw-json.ts';
import { valueArbitrary } from './schema-arbitrary.ts';
import { freeTextsOf } from './schema-sites.ts';
import { percentEncode } from './url-encoding.ts';

/**
 * - `invalid`: refused whatever the state (schema violations, broken bodies, bad credentials): must be
 *   a 4xx and change nothing stored;
 * - `fresh`: schema-shaped, hostile-but-legal text, every id new: may be accepted, and is then stored
 *   verbatim without touching anything that existed;
 * - `known`: schema-shaped with ids the platform holds: may change state, must not fail.
 */
export type InputClass = 'invalid' | 'fresh' | 'known';

export interface HttpInput {
  kind: InputClass;
  what: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string | Buffer;
  /** Free texts of the body: what an accepted write must have stored verbatim. */
  texts: string[];
}

/** Stands for a new id; each occurrence is replaced by a never-used id when the request is built. */
export const FRESH_ID_SLOT = 'fresh-id-slot';
export const freshIds = fc.constant(FRESH_ID_SLOT);

export interface Parts {
  params: Record<string, string>;
  query: [string, string][];
  body?: unknown;
}

/** A path, query and body the operation's schemas accept, with ids from `ids` and hostile free text. */
export function partsArbitrary(
  operation: Operation,
  ids: fc.Arbitrary<string>,
  known: readonly string[] = [],
): fc.Arbitrary<Parts> {
  const options = { ids, text: 'hostile' as const };
  const text = (schema: JsonSchema) => {
    const generated = valueArbitrary(schema, options).map(String);
    // Known values that fit the pattern (template keys...) reach further than random ones.
    const fitting = schema.pattern ? known.filter((value) => new RegExp(schema.pattern!).test(value)) : [];
    return fitting.length > 0 ? fc.oneof(generated, fc.constantFrom(...fitting)) : generated;
  };
  // A path parameter named like an id addresses an entity, whatever its schema says about characters.
  const isId = (param: Parameter) => /(^id|Id)$/.test(param.name) && param.schema.enum === undefined;
  const params = fc.record(
    Object.fromEntries(
      operation.pathParams.map((param) => [param.name, isId(param) ? ids : text(param.schema)]),
    ),
  );
  const query = fc
    .tuple(
      ...operation.query.map((param) =>
        param.required
          ? text(param.schema).map((value) => [[param.name, value]] as [string, string][])
          : fc
              .option(text(param.schema), { nil: undefined })
              .map((value) => (value === undefined ? [] : ([[param.name, value]] as [string, string][]))),
      ),
    )
    .map((lists) => lists.flat());
  const body = operation.body ? valueArbitrary(operation.body, options) : fc.constant(undefined);
  return fc.record({ params, query, body });
}

export function urlOf(
  operation: Operation,
  params: Record<string, string>,
  query: [string, string][],
  raw = false,
): string {
  const path = operation.path.replace(/\{([^}]+)\}/g, (_match, name: string) => {
    const value = params[name] ?? '';
    return raw ? value : percentEncode(value);
  });
  if (query.length === 0) return path;
  return `${path}?${query.map(([name, value]) => `${percentEncode(name)}=${percentEncode(value)}`).join('&')}`;
}

export const json = 'application/json';

/** The request for `parts`, or for what `override` puts in their place. */
export function buildInput(
  operation: Operation,
  kind: InputClass,
  what: string,
  parts: Parts,
  headers: Record<string, string>,
  override: { payload?: string | Buffer; contentType?: string; url?: string } = {},
): HttpInput {
  const headersOut = { ...headers };
  let payload: string | Buffer | undefined;
  if (override.payload !== undefined) {
    payload = override.payload;
    if (override.contentType) headersOut['content-type'] = override.contentType;
  } else if (operation.body) {
    payload = toJsonText(parts.body);
    headersOut['content-type'] = override.contentType ?? json;
  }
  return {
    kind,
    what,
    method: operation.method,
    url: override.url ?? urlOf(operation, parts.params, parts.query),
    headers: headersOut,
    ...(payload === undefined ? {} : { payload }),
    texts: kind === 'fresh' && operation.body ? freeTextsOf(operation.body, parts.body) : [],
  };
}

/** Replaces each fresh-id slot with the next never-used id. */
export function withFreshIds(input: HttpInput, nextId: () => string): HttpInput {
  const fill = (text: string) =>
    text.includes(FRESH_ID_SLOT) ? text.replaceAll(FRESH_ID_SLOT, () => nextId()) : text;
  return {
    ...input,
    url: fill(input.url),
    ...(typeof input.payload === 'string' ? { payload: fill(input.payload) } : {}),
  };
}
