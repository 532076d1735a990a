/** One step of applying a chunk: a set-based batch, then events applied one by one. */
export interface Wave<T> {
  batch: T[];
  singles: T[];
}

export interface WavePlanOptions<T> {
  /** The entities an item touches (a customer, an invoice, ...): items sharing one keep their order. */
  keysOf(item: T): readonly string[];
  /** Whether the item may join `run`, its group's batch in this wave so far (empty: may it start one). */
  batchable(item: T, run: readonly T[]): boolean;
}

/** Groups of items related through their keys (transitively), each in the items' order. */
function relatedGroups<T>(items: readonly T[], keysOf: (item: T) => readonly string[]): T[][] {
  const parent = new Map<string, string>();
  const find = (key: string): string => {
    let root = key;
    for (let up = parent.get(root); up !== undefined && up !== root; up = parent.get(root)) root = up;
    for (let node = key; node !== root; ) {
      const up = parent.get(node) as string;
      parent.set(node, root);
      node = up;
    }
    return root;
  };
  const keys = items.map((item, index) => {
    const own = keysOf(item);
    // An item that touches nothing named is related to nothing else.
    return own.length > 0 ? own : [`\u0000${index}`];
  });
  for (const itemKeys of keys) {
    for (const key of itemKeys) if (!parent.has(key)) parent.set(key, key);
    const first = find(itemKeys[0] as string);
    for (const key of itemKeys.slice(1)) {
      const root = find(key);
      if (root !== first) parent.set(root, first);
    }
  }
  const groups = new Map<string, T[]>();
  items.forEach((item, index) => {
    const root = find((keys[index] as readonly string[])[0] as string);
    const group = groups.get(root);
    if (group) group.push(item);
    else groups.set(root, [item]);
  });
  return [...groups.values()];
}

/**
 * Plans a chunk so that most of it can be applied set-based while the result stays what applying
 * it item by item, in order, gives. Items related through a key keep their relative order; unrelated
 * items commute. Each wave takes, from every group, its next run of batchable items (into `batch`)
 * and then its next run of the others (into `singles`); applying the waves in order, each batch
 * before its singles, keeps every group's order.
 */
export function planWaves<T>(items: readonly T[], options: WavePlanOptions<T>): Wave<T>[] {
  const groups = relatedGroups(items, options.keysOf);
  const next = groups.map(() => 0);
  const waves: Wave<T>[] = [];
  for (;;) {
    const wave: Wave<T> = { batch: [], singles: [] };
    groups.forEach((group, g) => {
      let at = next[g] as number;
      const run: T[] = [];
      while (at < group.length && options.batchable(group[at] as T, run)) run.push(group[at++] as T);
      while (at < group.length && !options.batchable(group[at] as T, [])) wave.singles.push(group[at++] as T);
      wave.batch.push(...run);
      next[g] = at;
    });
    if (wave.batch.length === 0 && wave.singles.length === 0) return waves;
    waves.push(wave);
  }
}
