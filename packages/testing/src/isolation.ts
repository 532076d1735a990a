import { randomBytes } from 'node:crypto';
import { createKafka } from '@dunning/kafka';
import pg from 'pg';

/** A lower-case name no other test or run uses: valid as a schema name and inside a topic name. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
}

export async function dropSchemas(databaseUrl: string, schemas: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    for (const schema of schemas) {
      if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`invalid schema ${schema}`);
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    }
  } finally {
    await client.end();
  }
}

/** Deletes every topic whose name starts with `prefix` (a test run's own topics). */
export async function deleteTopics(brokers: string[], prefix: string): Promise<void> {
  if (!prefix) throw new Error('refusing to delete topics without a prefix');
  const admin = createKafka({ brokers, clientId: 'test-cleanup' }).admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((topic) => topic.startsWith(prefix));
    if (topics.length > 0) await admin.deleteTopics(topics);
  } finally {
    await admin.disconnect();
  }
}
