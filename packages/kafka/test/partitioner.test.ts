import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { keyOrValuePartitioner, murmur2 } from '../src/partitioner.ts';

const require = createRequire(import.meta.url);
/** kafkajs's own murmur2, which its default partitioner uses: placement must not change. */
const kafkajsMurmur2 = require('kafkajs/src/producer/partitioners/default/murmur2.js') as (
  key: Buffer | string,
) => number;

/** A seeded byte stream (xorshift32), so a failure names inputs that can be replayed. */
function bytes(seed: number, length: number): Buffer {
  const out = Buffer.alloc(length);
  let x = seed || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

const partitionMetadata = (count: number) =>
  Array.from({ length: count }, (_, partitionId) => ({
    partitionErrorCode: 0,
    partitionId,
    leader: 1,
    replicas: [1],
    isr: [1],
  }));

describe('murmur2', () => {
  // The Java client's own test vectors (Kafka's UtilsTest).
  it.each([
    ['21', -973932308],
    ['foobar', -790332482],
    ['a-little-bit-long-string', -985981536],
    ['a-little-bit-longer-string', -1486304829],
    ['lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8', -58897971],
    ['abc', 479470107],
  ])('hashes %j as the Java client does', (text, hash) => {
    expect(murmur2(Buffer.from(text))).toBe(hash);
    expect(kafkajsMurmur2(text)).toBe(hash);
  });

  it('agrees with kafkajs on every length and byte value it was given', () => {
    for (let length = 0; length <= 260; length++) {
      for (const seed of [1, 0xdeadbeef, length * 7919 + 3]) {
        const data = bytes(seed, length);
        expect(murmur2(data), `length ${length}, seed ${seed}`).toBe(kafkajsMurmur2(data));
      }
    }
    const large = bytes(42, 4099);
    expect(murmur2(large)).toBe(kafkajsMurmur2(large));
    expect(murmur2(Buffer.alloc(1024, 0xff))).toBe(kafkajsMurmur2(Buffer.alloc(1024, 0xff)));
  });

  it('hashes multi-byte text as its UTF-8 bytes', () => {
    for (const text of ['ключ', '上海贸易有限公司', '😀', 'c-1\u0000']) {
      expect(murmur2(Buffer.from(text))).toBe(kafkajsMurmur2(text));
    }
  });
});

describe('keyOrValuePartitioner', () => {
  const place = keyOrValuePartitioner();

  it('places a keyed message where the default partitioner does', () => {
    for (let n = 0; n < 200; n++) {
      const key = `customer-${n}`;
      const expected = (kafkajsMurmur2(key) & 0x7fffffff) % 6;
      expect(
        place({ topic: 't', partitionMetadata: partitionMetadata(6), message: { key, value: 'v' } }),
      ).toBe(expected);
    }
  });

  it('places a keyless message by its value, the same every time', () => {
    const value = bytes(7, 1000);
    const args = { topic: 't', partitionMetadata: partitionMetadata(12), message: { key: null, value } };
    const first = place(args);
    expect(first).toBe((kafkajsMurmur2(value) & 0x7fffffff) % 12);
    for (let n = 0; n < 10; n++) expect(place(args)).toBe(first);
  });

  it('keeps an explicit partition', () => {
    expect(
      place({
        topic: 't',
        partitionMetadata: partitionMetadata(3),
        message: { partition: 2, key: 'k', value: 'v' },
      }),
    ).toBe(2);
  });

  it('places keys and values of 256 KB (hostile messages) without holding the event loop', () => {
    const huge = bytes(3, 256 * 1024);
    const args = { topic: 't', partitionMetadata: partitionMetadata(3) };
    const started = performance.now();
    place({ ...args, message: { key: null, value: huge } });
    place({ ...args, message: { key: huge.toString('latin1'), value: null } });
    // kafkajs's hash takes seconds on this input (minutes at 900 KB); a linear one, milliseconds.
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
