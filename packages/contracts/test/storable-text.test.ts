import { describe, expect, it } from 'vitest';
import { findUnstorableText, LONE_SURROGATE_MESSAGE, NUL_MESSAGE } from '../src/index.ts';

describe('findUnstorableText', () => {
  it('finds NUL and lone surrogates in strings at any depth, with their paths', () => {
    const value = {
      name: 'Acme\u0000',
      address: { lines: ['ok', 'half \uD800 a pair'] },
      fine: ['上海', '😀', '\u202E', 42, null, true],
    };
    expect(findUnstorableText(value)).toEqual([
      { path: ['name'], message: NUL_MESSAGE },
      { path: ['address', 'lines', 1], message: LONE_SURROGATE_MESSAGE },
    ]);
  });

  it('reports a bad key at its object without repeating the key', () => {
    expect(findUnstorableText({ outer: { 'k\u0000': 1 } })).toEqual([
      { path: ['outer'], message: `a key ${NUL_MESSAGE}` },
    ]);
  });

  it('accepts well-formed text, including pairs, controls and noncharacters', () => {
    expect(findUnstorableText({ a: '\uD83D\uDE00', b: '\u0001\u007F\uFFFF', c: ['\\u0000'] })).toEqual([]);
  });

  it('walks 100,000 levels of nesting without recursion', () => {
    let deep: unknown = 'bottom\u0000';
    for (let level = 0; level < 100_000; level++) deep = [deep];
    const [found] = findUnstorableText(deep);
    expect(found?.path).toHaveLength(100_000);
  });

  it('stops after the limit', () => {
    expect(
      findUnstorableText(
        Array.from({ length: 50 }, () => '\u0000'),
        5,
      ),
    ).toHaveLength(5);
  });
});
