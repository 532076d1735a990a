import { describe, expect, it } from 'vitest';
import { lockKey } from '../src/index.ts';

describe('lockKey', () => {
  it('gives two schemas different keys for the same name', () => {
    expect(lockKey('invoices', 'customer:c-1')).not.toBe(lockKey('dunning', 'customer:c-1'));
    expect(lockKey('invoices_t1', 'outbox:publish')).not.toBe(lockKey('invoices_t2', 'outbox:publish'));
  });

  it('is the same key for the same schema and name, every time, in bigint range', () => {
    const key = lockKey('dunning', 'customer:c-1');
    expect(lockKey('dunning', 'customer:c-1')).toBe(key);
    expect(lockKey('dunning', 'customer:c-2')).not.toBe(key);
    expect(key).toBe(BigInt.asIntN(64, key));
    // Pinned: a key that changed between releases would let an old and a new replica both hold "the" lock.
    expect(lockKey('dunning', 'customer:c-1')).toMatchInlineSnapshot(`-334577830676952706n`);
  });

  it('refuses a schema name that is not a plain identifier', () => {
    expect(() => lockKey('a:b', 'x')).toThrow(/invalid schema name/);
  });
});
