import { Catalog, type EventSpec } from '../src/catalog.ts';
import { asyncApiDocument } from './asyncapi.ts';
import { eventJsonSchema } from './event-json-schema.ts';
import { stableJson } from './stable-json.ts';

/** Folder, relative to the package root, that holds one JSON Schema per event type. */
export const JSON_SCHEMA_DIR = 'generated/json-schema';

/** Every generated file, by path relative to the package root, with the content it must have. */
export function renderGeneratedFiles(): Map<string, string> {
  const files = new Map<string, string>();
  const events = Catalog.flatMap((topic): readonly EventSpec[] => topic.events).sort((a, b) =>
    a.type < b.type ? -1 : 1,
  );
  for (const event of events) {
    files.set(`${JSON_SCHEMA_DIR}/${event.type}.json`, stableJson(eventJsonSchema(event, 'draft-2020-12')));
  }
  files.set('generated/asyncapi.json', stableJson(asyncApiDocument(Catalog)));
  return files;
}
