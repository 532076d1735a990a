import fc from 'fast-check';
import { buildInput, freshIds, type HttpInput, type InputClass, partsArbitrary } from './http-request.ts';
import { invalidArbitrary } from './invalid-requests.ts';
import type { Operation } from './openapi-operations.ts';

export { type HttpInput, type InputClass, withFreshIds } from './http-request.ts';

/** Legal oddities around a well-shaped request: the service may accept or refuse them, never fail. */
const oddities = fc.oneof(
  { weight: 8, arbitrary: fc.constant({ what: 'plain' }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      { what: 'extra query', query: ['__proto__', "' OR 1=1--"] as [string, string] },
      { what: 'extra query', query: ['limit', '1'] as [string, string] },
      { what: 'extra query', query: ['x', '<script>alert(1)</script>'] as [string, string] },
      { what: 'hostile request id', headers: { 'x-request-id': "'; DROP TABLE x;--" } },
      { what: 'long request id', headers: { 'x-request-id': 'r'.repeat(2000) } },
      { what: 'accept xml', headers: { accept: 'application/xml' } },
      { what: 'accept nothing', headers: { accept: '*/*;q=0' } },
      { what: 'json with charset', contentType: 'application/json; charset=utf-8' },
      { what: 'json upper case', contentType: 'Application/JSON' },
    ),
  },
);

/** Oddities of the JSON text itself, for bodies whose effect is not checked (known ids). */
function textOddity(text: string): fc.Arbitrary<{ what: string; payload: string | Buffer }> {
  const duplicated = text.replace(/^\{"([^"]+)":/, '{"$1":null,"$1":');
  return fc.oneof(
    { weight: 6, arbitrary: fc.constant({ what: 'plain', payload: text }) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        { what: 'duplicate key', payload: duplicated },
        { what: 'byte order mark', payload: `\uFEFF${text}` },
        { what: 'lone surrogate escape', payload: text.replace(/"([^"]*)"}$/, '"\\ud800$1"}') },
        {
          what: 'raw invalid byte in a string',
          payload: Buffer.concat([
            Buffer.from(text.replace(/"}$/, '')),
            Buffer.from([0xc3, 0x28]),
            Buffer.from('"}'),
          ]),
        },
        { what: 'exponent numbers', payload: text.replace(/:(\d+)([,}])/g, ':$1e0$2') },
        { what: 'whitespace', payload: `\n\t ${text.replaceAll(',', ' ,\r\n')} \n` },
      ),
    },
  );
}

function shapedArbitrary(
  operation: Operation,
  kind: 'fresh' | 'known',
  ids: fc.Arbitrary<string>,
  auth: Record<string, string>,
  known: readonly string[] = [],
): fc.Arbitrary<HttpInput> {
  return fc.tuple(partsArbitrary(operation, ids, known), oddities).chain(([parts, odd]) => {
    const query = 'query' in odd && odd.query ? [...parts.query, odd.query] : parts.query;
    const headers = { ...auth, ...('headers' in odd ? odd.headers : {}) };
    const contentType = 'contentType' in odd ? odd.contentType : undefined;
    const input = buildInput(
      operation,
      kind,
      odd.what,
      { ...parts, query },
      headers,
      contentType ? { contentType } : {},
    );
    if (kind === 'fresh' || typeof input.payload !== 'string') return fc.constant(input);
    return textOddity(input.payload).map((text) => ({
      ...input,
      what: `${odd.what}, ${text.what}`,
      payload: text.payload,
    }));
  });
}

/**
 * Requests of one class for one operation; undefined when the operation has no such input (a public
 * route without parameters cannot be sent anything it must refuse).
 */
export function httpInputArbitrary(
  operation: Operation,
  kind: InputClass,
  context: {
    auth: Record<string, string>;
    isPublic: boolean;
    /** Ids the platform holds, for the id fields of `known` inputs. */
    knownIds: readonly string[];
    /** Other keys it holds (template keys...), for the other path and query parameters. */
    knownKeys?: readonly string[];
  },
): fc.Arbitrary<HttpInput> | undefined {
  if (kind === 'invalid') return invalidArbitrary(operation, context.auth, context.isPublic);
  if (kind === 'fresh') return shapedArbitrary(operation, kind, freshIds, context.auth);
  const known =
    context.knownIds.length > 0
      ? fc.oneof(
          { weight: 3, arbitrary: fc.constantFrom(...context.knownIds) },
          { weight: 1, arbitrary: freshIds },
        )
      : freshIds;
  return shapedArbitrary(operation, kind, known, context.auth, context.knownKeys ?? []);
}
