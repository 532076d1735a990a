import { readFileSync } from 'node:fs';
import { ErpEventTypes } from '@dunning/contracts';
import fc from 'fast-check';
import type { JsonSchema } from './json-schema.ts';
import { invalidVariantArbitrary } from './mutations.ts';
import { toJsonText } from './raw-json.ts';
import { valueArbitrary } from './schema-arbitrary.ts';

/** A message for erp.events.v1 as it goes on the wire. */
export interface KafkaInput {
  key: string | null;
  value: Buffer | null;
  /** The class of hostility, for the run's figures. */
  kind: string;
  what: string;
}

/** The JSON Schema of each ERP event type, as the contracts package publishes it. */
export function erpEventSchemas(): { type: string; schema: JsonSchema }[] {
  return ErpEventTypes.map((type) => ({
    type,
    schema: JSON.parse(
      readFileSync(
        new URL(import.meta.resolve(`@dunning/contracts/generated/json-schema/${type}.json`)),
        'utf8',
      ),
    ) as JsonSchema,
  }));
}

const keys = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('c-1', 'c-2', 'c-3', 'c-4', 'c-5') },
  { weight: 1, arbitrary: fc.constantFrom<string | null>(null, '', '\u0000', 'ключ', 'k'.repeat(5000)) },
);

const ids = fc.constantFrom('c-1', 'c-2', 'inv-1', 'inv-2', 'p-1', 'd-1', 'constructor');

const notJson = fc.oneof(
  fc.constantFrom<[string, Buffer | null]>(
    ['empty', Buffer.alloc(0)],
    ['no value', null],
    ['an open brace', Buffer.from('{')],
    ['a bare word', Buffer.from('invoice')],
    ['NaN', Buffer.from('{"specversion":NaN}')],
    ['single quotes', Buffer.from("{'specversion':'1.0'}")],
    ['a raw NUL byte', Buffer.from('{"specversion":"1.0\u0000"}')],
    ['invalid UTF-8', Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d])],
    ['a raw control character', Buffer.from('{"id":"a\u0001b"}')],
    ['10,000 nested arrays', Buffer.from(`${'['.repeat(10_000)}${']'.repeat(10_000)}`)],
    ['a JSON string', Buffer.from('"erp.invoice.issued"')],
    ['null', Buffer.from('null')],
  ),
  fc
    .uint8Array({ minLength: 1, maxLength: 300 })
    .map((bytes): [string, Buffer | null] => ['random bytes', Buffer.from(bytes)]),
);

const HUGE_SIZES = [64 * 1024, 256 * 1024, 900 * 1024];

/**
 * Messages the ledger must dead-letter: not JSON, envelopes and data violating the event contracts
 * (wrong types, missing and unknown fields, bad constants, 10k-deep nesting, huge numbers), NUL and lone
 * surrogates inside otherwise valid events, and events of up to 900 KB. Each is refused whatever the
 * ledger holds, so each must reach `<topic>.dlq` with a reason.
 */
export function hostileErpMessageArbitrary(
  schemas: { type: string; schema: JsonSchema }[],
): fc.Arbitrary<KafkaInput> {
  const event = fc
    .constantFrom(...schemas)
    .chain(({ type, schema }) =>
      fc.tuple(fc.constant(type), fc.constant(schema), valueArbitrary(schema, { ids, text: 'hostile' })),
    );
  const mutated = (kind: string, only?: RegExp) =>
    event.chain(([type, schema, valid]) =>
      invalidVariantArbitrary(schema, fc.constant(valid), only).map((mutation) => ({
        kind,
        what: `${type}: ${mutation.what}`,
        value: Buffer.from(toJsonText(mutation.value)),
      })),
    );
  const huge = fc.tuple(event, fc.constantFrom(...HUGE_SIZES)).map(([[type, , valid], size]) => {
    const data = { ...(valid as { data: object }).data, padding: 'p'.repeat(size) };
    return {
      kind: 'huge',
      what: `${type}: ${size} bytes`,
      value: Buffer.from(JSON.stringify({ ...(valid as object), data })),
    };
  });
  const truncated = event.chain(([type, , valid]) => {
    const text = JSON.stringify(valid);
    return fc.integer({ min: 1, max: text.length - 1 }).map((cut) => ({
      kind: 'cut short',
      what: `${type}: cut at ${cut}`,
      value: Buffer.from(text.slice(0, cut)),
    }));
  });
  // Huge messages are one in about thirty: enough to meet them often, few enough to keep a long run small.
  const message = fc.oneof(
    { weight: 4, arbitrary: notJson.map(([what, value]) => ({ kind: 'not JSON', what, value })) },
    { weight: 2, arbitrary: truncated },
    { weight: 16, arbitrary: mutated('contract violation') },
    { weight: 6, arbitrary: mutated('NUL or lone surrogate', /^unstorable text/) },
    { weight: 2, arbitrary: mutated('wrong type', /^wrong type/) },
    { weight: 1, arbitrary: huge },
  );
  return fc.tuple(keys, message).map(([key, { kind, what, value }]) => ({ key, value, kind, what }));
}
