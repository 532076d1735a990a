import { RawJson } from './raw-json.ts';

/** The subset of JSON Schema (2020-12, as the services' OpenAPI 3.1 documents emit it) the fuzzer reads. */
export interface JsonSchema {
  description?: string;
  type?: JsonType;
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  pattern?: string;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
}

export type JsonType = 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array' | 'null';

const allTypes: readonly JsonType[] = ['string', 'number', 'integer', 'boolean', 'object', 'array', 'null'];

/**
 * The alternatives of a union, each complete: a schema may hold its common part beside `oneOf`
 * (an object whose alternatives only differ in what they require), which is merged into each.
 */
export function alternativesOf(schema: JsonSchema): JsonSchema[] | undefined {
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (!alternatives) return undefined;
  const { anyOf: _anyOf, oneOf: _oneOf, ...common } = schema;
  if (Object.keys(common).length === 0) return alternatives;
  return alternatives.map((alternative) => ({
    ...common,
    ...alternative,
    properties: { ...common.properties, ...alternative.properties },
    required: [...new Set([...(common.required ?? []), ...(alternative.required ?? [])])],
  }));
}

/**
 * The JSON types a schema can accept; every type when the schema does not say (then no wrong type
 * exists). `integer` implies `number` is partly allowed, so a schema of numbers accepts integers too.
 */
export function acceptedTypes(schema: JsonSchema): Set<JsonType> {
  const alternatives = alternativesOf(schema);
  if (alternatives) return new Set(alternatives.flatMap((alternative) => [...acceptedTypes(alternative)]));
  if (schema.enum) return new Set(schema.enum.map(typeOfValue));
  if (schema.type === 'number') return new Set(['number', 'integer']);
  if (schema.type) return new Set([schema.type]);
  return new Set(allTypes);
}

export function typeOfValue(value: unknown): JsonType {
  if (value instanceof RawJson) return value.type;
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value as JsonType;
}

/** Whether every value of the schema is an object that refuses keys it does not name. */
export function isClosedObject(schema: JsonSchema): boolean {
  const alternatives = alternativesOf(schema);
  if (alternatives) return alternatives.every(isClosedObject);
  return schema.type === 'object' && schema.additionalProperties === false;
}

/** Free text: a string whose only constraint is its length (and not being blank). */
export function isFreeText(schema: JsonSchema): boolean {
  return (
    schema.type === 'string' &&
    schema.enum === undefined &&
    schema.format === undefined &&
    (schema.pattern === undefined || schema.pattern === '\\S')
  );
}
