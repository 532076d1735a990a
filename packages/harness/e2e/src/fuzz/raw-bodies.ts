import fc from 'fast-check';
import { DEEP_LEVELS } from './mutations.ts';
import { deepJson } from './raw-json.ts';

/** A request body as bytes on the wire, with the Content-Type it is sent under (none: no header). */
export interface RawBody {
  payload: string | Buffer;
  contentType?: string;
  what: string;
}

const MIB = 1024 * 1024;
const oversizeCache = new Map<number, Buffer>();

/** A syntactically valid JSON object of `bytes` bytes (allocated once per size). */
function oversize(bytes: number): Buffer {
  let buffer = oversizeCache.get(bytes);
  if (!buffer) {
    const head = Buffer.from('{"pad":"');
    const tail = Buffer.from('"}');
    buffer = Buffer.concat([head, Buffer.alloc(bytes - head.length - tail.length, 'a'), tail]);
    oversizeCache.set(bytes, buffer);
  }
  return buffer;
}

const deepArrayText = deepJson(DEEP_LEVELS, 'array').text;
const deepObjectText = deepJson(DEEP_LEVELS, 'object').text;
const json = 'application/json';

/**
 * Bodies no JSON endpoint taking an object can accept: broken JSON, other media types, more than the
 * 1 MiB limit (up to 10 MB), 10,000 levels of nesting. `validText` is a valid body, so each failure
 * is the one named. `deepObjectRefused`: the body schema refuses the key of the nested object.
 */
export function invalidRawBodyArbitrary(
  validText: string,
  deepObjectRefused: boolean,
): fc.Arbitrary<RawBody> {
  const cuts = fc.integer({ min: 1, max: Math.max(1, validText.length - 1) });
  const options: fc.Arbitrary<RawBody>[] = [
    cuts.map((cut) => ({ payload: validText.slice(0, cut), contentType: json, what: `JSON cut at ${cut}` })),
    fc.constantFrom<RawBody>(
      { payload: `${validText}}`, contentType: json, what: 'trailing brace' },
      { payload: `${validText} garbage`, contentType: json, what: 'trailing garbage' },
      {
        payload: validText.includes('"') ? validText.replaceAll('"', "'") : "{'a': 1}",
        contentType: json,
        what: 'single quotes',
      },
      { payload: validText.replace(/}$/, ',}'), contentType: json, what: 'trailing comma' },
      { payload: '', contentType: json, what: 'empty JSON body' },
      { payload: 'NaN', contentType: json, what: 'NaN literal' },
      { payload: 'undefined', contentType: json, what: 'undefined literal' },
      { payload: '{"a":1,}', contentType: json, what: 'trailing comma in object' },
      { payload: '\uFEFF{', contentType: json, what: 'BOM and an open brace' },
      { payload: "{'a': 1}", contentType: json, what: 'JSON5' },
      { payload: '/* comment */ {}', contentType: json, what: 'comment' },
      {
        payload: Buffer.concat([Buffer.from('{'), Buffer.from([0xff, 0xfe, 0x00]), Buffer.from('}')]),
        contentType: json,
        what: 'invalid UTF-8 between tokens',
      },
      { payload: validText, contentType: 'text/plain', what: 'text/plain' },
      { payload: validText, contentType: 'application/xml', what: 'application/xml' },
      { payload: '<a>1</a>', contentType: 'text/xml', what: 'text/xml' },
      { payload: 'a=1&b=2', contentType: 'application/x-www-form-urlencoded', what: 'form body' },
      {
        payload: '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--\r\n',
        contentType: 'multipart/form-data; boundary=x',
        what: 'multipart body',
      },
      { payload: Buffer.from([0, 1, 2, 3]), contentType: 'application/octet-stream', what: 'octet-stream' },
      { payload: validText, contentType: 'application/jsonx', what: 'unknown media type' },
      { payload: validText, what: 'no Content-Type' },
      { payload: deepArrayText, contentType: json, what: `array nested ${DEEP_LEVELS} deep` },
      { payload: `[${validText}]`, contentType: json, what: 'array around the body' },
      { payload: JSON.stringify(validText), contentType: json, what: 'the body as a JSON string' },
      { payload: 'null', contentType: json, what: 'null body' },
      { payload: '1e309', contentType: json, what: 'number body' },
    ),
    fc
      .constantFrom(MIB + 1, 2 * MIB, 5 * MIB, 10 * 1000 * 1000)
      .map((bytes) => ({ payload: oversize(bytes), contentType: json, what: `${bytes} byte body` })),
  ];
  if (deepObjectRefused)
    options.push(
      fc.constant({ payload: deepObjectText, contentType: json, what: `object nested ${DEEP_LEVELS} deep` }),
    );
  return fc.oneof(...options);
}
