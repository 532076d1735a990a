import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { JSON_SCHEMA_DIR, renderGeneratedFiles } from './render-generated.ts';

const packageRoot = fileURLToPath(new URL('..', import.meta.url));

// Removing first drops the schema of an event type that left the catalog.
rmSync(join(packageRoot, JSON_SCHEMA_DIR), { recursive: true, force: true });
for (const [path, content] of renderGeneratedFiles()) {
  const target = join(packageRoot, path);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, content);
  console.log(`wrote ${path}`);
}
