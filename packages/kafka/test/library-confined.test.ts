import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const own = fileURLToPath(new URL('../', import.meta.url));
const skipped = new Set(['node_modules', '.git', 'var', 'dist', 'coverage']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (skipped.has(entry.name)) return [];
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|mts|cts|js|mjs)$/.test(entry.name) ? [path] : [];
  });
}

function packageFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (skipped.has(entry.name)) return [];
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return packageFiles(path);
    return entry.name === 'package.json' ? [path] : [];
  });
}

// The Kafka library is this package's business: everything else goes through KafkaClient, KafkaAdmin,
// EventProducer and Reader, so that the library can be swapped here alone.
describe('the Kafka library', () => {
  const outside = ['services', 'packages', 'scripts'].flatMap((dir) => [join(root, dir)]);

  it('is imported by no file outside packages/kafka', () => {
    const importing = outside
      .flatMap(sourceFiles)
      .filter((file) => !file.startsWith(own))
      .filter((file) =>
        /(?:from\s*|import\s*\(\s*|require\s*\(\s*)['"]kafkajs(?:\/[^'"]*)?['"]/.test(
          readFileSync(file, 'utf8'),
        ),
      )
      .map((file) => relative(root, file));
    expect(importing).toEqual([]);
  });

  it('is a dependency of no other workspace package', () => {
    const depending = [join(root, 'package.json'), ...outside.flatMap(packageFiles)]
      .filter((file) => !file.startsWith(own))
      .filter((file) => {
        const manifest = JSON.parse(readFileSync(file, 'utf8'));
        return ['dependencies', 'devDependencies', 'peerDependencies'].some(
          (field) => manifest[field]?.kafkajs !== undefined,
        );
      })
      .map((file) => relative(root, file));
    expect(depending).toEqual([]);
  });
});
