import { randomBytes } from 'node:crypto';
import type { JsonType } from './json-schema.ts';

/**
 * JSON text placed as is inside a value when it is serialized: numbers JavaScript cannot hold
 * (`1e309`) and nesting too deep for `JSON.stringify` to build (it recurses; `JSON.parse` does not).
 */
export class RawJson {
  readonly text: string;
  readonly type: JsonType;
  constructor(text: string, type: JsonType) {
    this.text = text;
    this.type = type;
  }
}

/** JSON text of `levels` nested arrays or objects around a string. */
export function deepJson(levels: number, kind: 'array' | 'object'): RawJson {
  const [open, close] = kind === 'array' ? ['[', ']'] : ['{"deep":', '}'];
  return new RawJson(`${open.repeat(levels)}"bottom"${close.repeat(levels)}`, kind);
}

const marker = `raw-${randomBytes(6).toString('hex')}-`;

/** `JSON.stringify`, with every RawJson spliced in as its text. */
export function toJsonText(value: unknown): string {
  const raws: RawJson[] = [];
  const text = JSON.stringify(value, (_key, inner: unknown) => {
    if (inner instanceof RawJson) {
      raws.push(inner);
      return `${marker}${raws.length - 1}`;
    }
    return inner;
  });
  if (raws.length === 0) return text;
  return text.replace(
    new RegExp(`"${marker}(\\d+)"`, 'g'),
    (_match, index: string) => raws[Number(index)]!.text,
  );
}
