import { z } from 'zod';
import type { EventSpec } from '../src/catalog.ts';

export type JsonSchemaTarget = 'draft-2020-12' | 'draft-07';

/**
 * JSON Schema of an event's envelope as producers send it (`io: 'input'`): strict data objects get
 * additionalProperties false, while the envelope stays open to CloudEvents extension attributes.
 */
export function eventJsonSchema(spec: EventSpec, target: JsonSchemaTarget): Record<string, unknown> {
  const schema: Record<string, unknown> = z.toJSONSchema(spec.schema, { io: 'input', target });
  return { ...schema, title: spec.type, description: spec.description };
}
