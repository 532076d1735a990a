export { adminAuth, testAdminKey } from './api-keys.ts';
export { type InfraUrls, testInfra } from './infra.ts';
export { deleteTopics, dropSchemas, uniqueName } from './isolation.ts';
export { lintOpenApi } from './openapi-lint.ts';
export { seededRandom, seededShuffle } from './seeded-random.ts';
export { testLogger } from './test-logger.ts';
export { waitFor } from './wait-for.ts';
