import { fileURLToPath } from 'node:url';
import { lintFromString, loadConfig } from '@redocly/openapi-core';

// The repository's redocly.yaml (Redocly's recommended rules, and any rule changed, with the reason)
// and .redocly.lint-ignore.yaml beside it (findings left as they are, each with the reason there).
const configPath = fileURLToPath(new URL('../../../redocly.yaml', import.meta.url));
// The ignore file names the document `openapi.json`; it applies to every service's.
const documentPath = fileURLToPath(new URL('../../../openapi.json', import.meta.url));

/**
 * Lints an OpenAPI document with Redocly's rules as redocly.yaml sets them; one line per problem,
 * errors and warnings alike (`warn: operation-operationId at #/paths/~1v1~1x/get: ...`). Empty when clean.
 */
export async function lintOpenApi(document: unknown): Promise<string[]> {
  const config = await loadConfig({ configPath });
  const problems = await lintFromString({
    source: JSON.stringify(document, null, 2),
    absoluteRef: documentPath,
    config,
  });
  return problems
    .filter((problem) => !problem.ignored)
    .map((problem) => {
      const where = problem.location[0]?.pointer ?? '#/';
      return `${problem.severity}: ${problem.ruleId} at ${where}: ${problem.message}`;
    });
}
