import { describe, expect, it } from 'vitest';
import { planWaves } from '../src/index.ts';

interface Item {
  id: string;
  keys: string[];
  batch: boolean;
}

const item = (id: string, keys: string[], batch = true): Item => ({ id, keys, batch });
const plan = (items: Item[]) =>
  planWaves(items, {
    keysOf: (i) => i.keys,
    batchable: (i, run) => i.batch && !run.some((other) => other.id === i.id),
  }).map((wave) => ({ batch: wave.batch.map((i) => i.id), singles: wave.singles.map((i) => i.id) }));

/** Every order the waves allow keeps the items of one group in their original order. */
function appliedOrder(waves: { batch: string[]; singles: string[] }[]): string[] {
  return waves.flatMap((wave) => [...wave.batch, ...wave.singles]);
}

describe('planWaves', () => {
  it('puts a chunk of unrelated batchable items in one batch', () => {
    expect(plan([item('a', ['c1']), item('b', ['c2']), item('c', ['c3'])])).toEqual([
      { batch: ['a', 'b', 'c'], singles: [] },
    ]);
  });

  it('keeps one group in order: a single between two batchables splits them into two waves', () => {
    const waves = plan([
      item('i1', ['c1']),
      item('p1', ['c1'], false),
      item('i2', ['c1']),
      item('x', ['c2']),
    ]);
    expect(waves).toEqual([
      { batch: ['i1', 'x'], singles: ['p1'] },
      { batch: ['i2'], singles: [] },
    ]);
  });

  it('relates items through shared keys transitively', () => {
    // p names only the invoice; the invoice names its customer: p stays after i1 and before i2.
    const waves = plan([
      item('i1', ['c1', 'inv1']),
      item('p', ['inv1'], false),
      item('i2', ['c1', 'inv2']),
      item('q', ['inv9'], false),
    ]);
    expect(waves).toEqual([
      { batch: ['i1'], singles: ['p', 'q'] },
      { batch: ['i2'], singles: [] },
    ]);
  });

  it('starts a new batch where the batchable test refuses to extend the run', () => {
    expect(plan([item('a', ['c1']), item('a', ['c1']), item('b', ['c2'])])).toEqual([
      { batch: ['a', 'b'], singles: [] },
      { batch: ['a'], singles: [] },
    ]);
  });

  it('treats items without keys as unrelated to anything', () => {
    expect(plan([item('s1', [], false), item('a', []), item('s2', [], false)])).toEqual([
      { batch: ['a'], singles: ['s1', 's2'] },
    ]);
  });

  it('never reorders the items of a group, whatever the mix', () => {
    const items: Item[] = [];
    for (let n = 0; n < 200; n++) {
      const group = `g${(n * 7) % 13}`;
      items.push(item(`${group}-${n}`, [group], n % 3 !== 0));
    }
    const order = appliedOrder(plan(items));
    expect([...order].sort()).toEqual(items.map((i) => i.id).sort());
    for (const group of new Set(items.map((i) => i.keys[0]))) {
      const expected = items.filter((i) => i.keys[0] === group).map((i) => i.id);
      expect(order.filter((id) => id.startsWith(`${group}-`))).toEqual(expected);
    }
  });
});
