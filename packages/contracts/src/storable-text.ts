/** A string (or object key) that PostgreSQL could not store, and where it is. */
export interface UnstorableText {
  path: (string | number)[];
  message: string;
}

export const NUL_MESSAGE = 'must not contain the NUL character (U+0000)';
export const LONE_SURROGATE_MESSAGE = 'must be well-formed Unicode (it holds a lone surrogate)';

function problemOf(text: string): string | undefined {
  if (text.includes('\u0000')) return NUL_MESSAGE;
  if (!text.isWellFormed()) return LONE_SURROGATE_MESSAGE;
  return undefined;
}

interface Visit {
  value: unknown;
  key?: string | number;
  parent?: Visit;
}

function pathOf(visit: Visit): (string | number)[] {
  const path: (string | number)[] = [];
  for (let at: Visit | undefined = visit; at?.key !== undefined; at = at.parent) path.unshift(at.key);
  return path;
}

/**
 * Every string and object key of a parsed JSON value that PostgreSQL refuses: NUL, which neither
 * `text` nor `jsonb` holds, and lone surrogates, which have no UTF-8 form (`jsonb` rejects the escape,
 * `text` would silently store U+FFFD instead). Refusing them where input is parsed turns what would be
 * a database error into the client's own 400 (or a dead letter) naming the field. The walk uses its own
 * stack, so nesting of any depth is fine; it stops after `limit` findings.
 */
export function findUnstorableText(value: unknown, limit = 20): UnstorableText[] {
  const found: UnstorableText[] = [];
  // Each entry points to its parent, so the walk costs one step per value however deep it goes.
  const stack: Visit[] = [{ value }];
  while (stack.length > 0 && found.length < limit) {
    const visit = stack.pop()!;
    const { value: current } = visit;
    if (typeof current === 'string') {
      const message = problemOf(current);
      if (message) found.push({ path: pathOf(visit), message });
    } else if (Array.isArray(current)) {
      for (let index = current.length - 1; index >= 0; index--)
        stack.push({ value: current[index], key: index, parent: visit });
    } else if (current !== null && typeof current === 'object') {
      const entries = Object.entries(current);
      for (let index = entries.length - 1; index >= 0; index--) {
        const [key, inner] = entries[index]!;
        const message = problemOf(key);
        // The key itself stays out of the path: it is what cannot be shown or stored.
        if (message) found.push({ path: pathOf(visit), message: `a key ${message}` });
        else stack.push({ value: inner, key, parent: visit });
      }
    }
  }
  return found.slice(0, limit);
}
