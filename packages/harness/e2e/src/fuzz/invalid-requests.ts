import fc from 'fast-check';
import { legalHostileTexts, unstorableTexts } from './hostile-values.ts';
import { buildInput, freshIds, type HttpInput, json, partsArbitrary, urlOf } from './http-request.ts';
import { isClosedObject, type JsonSchema } from './json-schema.ts';
import { invalidVariantArbitrary } from './mutations.ts';
import type { Operation, Parameter } from './openapi-operations.ts';
import { invalidRawBodyArbitrary } from './raw-bodies.ts';
import { toJsonText } from './raw-json.ts';
import { malformedPathSegments, percentEncode } from './url-encoding.ts';

/** Strings a parameter of this schema refuses, whatever else the request holds. */
function refusedStrings(schema: JsonSchema): string[] {
  const out = [...unstorableTexts];
  if (schema.maxLength !== undefined) out.push('y'.repeat(schema.maxLength + 1));
  if (schema.enum) out.push('not-a-member');
  if (schema.pattern) {
    const pattern = new RegExp(schema.pattern);
    out.push(...legalHostileTexts.filter((text) => !pattern.test(text) && text.length > 0));
  }
  if (schema.type === 'integer' || schema.type === 'number') {
    out.push('abc', 'NaN', '1e309', '-1e309', 'Infinity');
    if (schema.type === 'integer') out.push('1.5');
    if (schema.minimum !== undefined) out.push(String(schema.minimum - 1));
    if (schema.maximum !== undefined) out.push(String(schema.maximum + 1), '18446744073709551616');
  }
  return out;
}

const badCredentials = fc.constantFrom<Record<string, string>>(
  {},
  { authorization: 'Bearer not-a-key' },
  { authorization: 'Basic YWRtaW46YWRtaW4=' },
  { authorization: "Bearer ' OR '1'='1" },
  { authorization: `Bearer ${'k'.repeat(10_000)}` },
  { authorization: 'Bearer' },
  { authorization: 'bearer  \t ' },
);

/**
 * Requests refused whatever the platform holds: one certain violation in the body, a path or query
 * parameter, or the credentials; undefined when the operation takes nothing it could refuse.
 */
export function invalidArbitrary(
  operation: Operation,
  auth: Record<string, string>,
  isPublic: boolean,
): fc.Arbitrary<HttpInput> | undefined {
  const valid = partsArbitrary(operation, freshIds);
  const builders: fc.Arbitrary<HttpInput>[] = [];
  const body = operation.body;
  if (body) {
    builders.push(
      valid.chain((parts) =>
        invalidVariantArbitrary(body, fc.constant(parts.body)).map((mutated) =>
          buildInput(operation, 'invalid', `body: ${mutated.what}`, parts, auth, {
            payload: toJsonText(mutated.value),
            contentType: json,
          }),
        ),
      ),
    );
    const deepObjectRefused = isClosedObject(body) && !('deep' in (body.properties ?? {}));
    builders.push(
      valid.chain((parts) =>
        invalidRawBodyArbitrary(toJsonText(parts.body), deepObjectRefused).map((raw) =>
          buildInput(operation, 'invalid', `body: ${raw.what}`, parts, auth, {
            payload: raw.payload,
            ...(raw.contentType ? { contentType: raw.contentType } : {}),
          }),
        ),
      ),
    );
  }
  if (operation.pathParams.length > 0) {
    const broken = fc
      .constantFrom(...operation.pathParams)
      .chain((param) => fc.tuple(fc.constant(param), pathValueRefused(param)));
    builders.push(
      fc.tuple(valid, broken).map(([parts, [param, [value, raw]]]) => {
        const params = { ...parts.params, [param.name]: value };
        const encoded = raw
          ? params
          : Object.fromEntries(Object.entries(params).map(([k, v]) => [k, percentEncode(v)]));
        return buildInput(
          operation,
          'invalid',
          `path ${param.name}: ${JSON.stringify(value.slice(0, 40))}`,
          parts,
          auth,
          {
            url: urlOf(operation, encoded, parts.query, true),
          },
        );
      }),
    );
  }
  if (operation.query.length > 0) {
    const broken = fc
      .constantFrom(...operation.query)
      .chain((param) => fc.tuple(fc.constant(param), fc.constantFrom(...refusedStrings(param.schema))));
    builders.push(
      fc.tuple(valid, broken).map(([parts, [param, value]]) => {
        const query = [...parts.query.filter(([name]) => name !== param.name), [param.name, value]] as [
          string,
          string,
        ][];
        return buildInput(
          operation,
          'invalid',
          `query ${param.name}: ${JSON.stringify(value.slice(0, 40))}`,
          { ...parts, query },
          auth,
        );
      }),
    );
    const required = operation.query.filter((param) => param.required);
    if (required.length > 0)
      builders.push(
        fc.tuple(valid, fc.constantFrom(...required)).map(([parts, param]) =>
          buildInput(
            operation,
            'invalid',
            `query ${param.name} missing`,
            {
              ...parts,
              query: parts.query.filter(([name]) => name !== param.name),
            },
            auth,
          ),
        ),
      );
  }
  if (!isPublic)
    builders.push(
      fc
        .tuple(valid, badCredentials)
        .map(([parts, headers]) =>
          buildInput(
            operation,
            'invalid',
            `credentials: ${JSON.stringify(headers).slice(0, 60)}`,
            parts,
            headers,
          ),
        ),
    );
  return builders.length > 0 ? fc.oneof(...builders) : undefined;
}

/** A path value the parameter refuses, and whether it goes into the URL unencoded. */
function pathValueRefused(param: Parameter): fc.Arbitrary<[string, boolean]> {
  return fc.oneof(
    fc.constantFrom(...refusedStrings(param.schema)).map((value): [string, boolean] => [value, false]),
    fc.constantFrom(...malformedPathSegments).map((value): [string, boolean] => [value, true]),
  );
}
