import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { asyncApiDocument } from '../scripts/asyncapi.ts';
import { JSON_SCHEMA_DIR, renderGeneratedFiles } from '../scripts/render-generated.ts';
import { sortKeys } from '../scripts/stable-json.ts';
import { Catalog } from '../src/index.ts';

const packageRoot = fileURLToPath(new URL('..', import.meta.url));
const files = renderGeneratedFiles();

describe('generated files', () => {
  it.each([...files.keys()])(
    '%s on disk is what the generator produces now (pnpm contracts:generate)',
    (path) => {
      expect(readFileSync(`${packageRoot}${path}`, 'utf8')).toBe(files.get(path));
    },
  );

  it('holds no schema of an event type that left the catalog', () => {
    const onDisk = readdirSync(`${packageRoot}${JSON_SCHEMA_DIR}`).map(
      (name) => `${JSON_SCHEMA_DIR}/${name}`,
    );
    expect(onDisk.sort()).toEqual(
      [...files.keys()].filter((path) => path.startsWith(JSON_SCHEMA_DIR)).sort(),
    );
  });

  it('renders the same bytes twice', () => {
    expect(renderGeneratedFiles()).toEqual(files);
  });

  it('writes one JSON Schema per catalogued event type', () => {
    const types = Catalog.flatMap((topic) => topic.events.map((event) => event.type));
    expect(types.length).toBeGreaterThanOrEqual(9);
    for (const type of types) expect(files.has(`${JSON_SCHEMA_DIR}/${type}.json`), type).toBe(true);
  });

  it('describes every topic as an AsyncAPI 3.0 channel with its messages and Kafka key', () => {
    const document = asyncApiDocument(Catalog) as {
      asyncapi: string;
      channels: Record<string, { address: string; messages: Record<string, unknown> }>;
      components: { messages: Record<string, { bindings: { kafka: { key: { description: string } } } }> };
    };
    expect(document.asyncapi).toBe('3.0.0');
    expect(Object.keys(document.channels).sort()).toEqual(Catalog.map((topic) => topic.topic).sort());
    expect(Object.keys(document.channels['erp.events.v1']?.messages ?? {})).toHaveLength(9);
    expect(document.components.messages['erp.invoice.issued']?.bindings.kafka.key.description).toMatch(
      /customer id/,
    );
  });

  it('sorts keys at every depth and leaves arrays in order', () => {
    expect(JSON.stringify(sortKeys({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null } }))).toBe(
      '{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}',
    );
  });
});
