import { alternativesOf, isFreeText, type JsonSchema } from './json-schema.ts';

export type Path = (string | number)[];

/** One place of a value and the schema that governs it. */
export interface Site {
  path: Path;
  schema: JsonSchema;
  value: unknown;
}

/** For a union, the alternative an object value belongs to (by its required keys and enum members). */
export function alternativeFor(schema: JsonSchema, value: unknown): JsonSchema | undefined {
  const alternatives = alternativesOf(schema);
  if (!alternatives) return schema;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const record = value as Record<string, unknown>;
  return alternatives.find(
    (alternative) =>
      alternative.type === 'object' &&
      (alternative.required ?? []).every((key) => key in record) &&
      Object.entries(alternative.properties ?? {}).every(
        ([key, property]) => !(key in record) || !property.enum || property.enum.includes(record[key]),
      ),
  );
}

/** Every place of `value` (which the schema accepts), parents before children. */
export function sitesOf(schema: JsonSchema, value: unknown): Site[] {
  const sites: Site[] = [];
  const stack: Site[] = [{ path: [], schema, value }];
  while (stack.length > 0) {
    const site = stack.pop()!;
    sites.push(site);
    const governing = alternativeFor(site.schema, site.value);
    if (!governing) continue;
    if (governing.type === 'object' && site.value && typeof site.value === 'object') {
      for (const [key, property] of Object.entries(governing.properties ?? {})) {
        const inner = (site.value as Record<string, unknown>)[key];
        if (inner !== undefined) stack.push({ path: [...site.path, key], schema: property, value: inner });
      }
    } else if (governing.type === 'array' && Array.isArray(site.value) && governing.items) {
      for (const [index, inner] of site.value.entries())
        stack.push({ path: [...site.path, index], schema: governing.items, value: inner });
    }
  }
  return sites;
}

/** The free-text strings of a value: what a service must store exactly as sent. */
export function freeTextsOf(schema: JsonSchema, value: unknown): string[] {
  return sitesOf(schema, value)
    .filter((site) => typeof site.value === 'string' && isFreeText(site.schema))
    .map((site) => site.value as string);
}
