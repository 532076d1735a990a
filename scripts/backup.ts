// `npm run backup`: every service schema (or --schemas) of DATABASE_URL into one pg_dump custom-format
// file; with --service, that service's schema from its own database (<SERVICE>_DATABASE_URL, else
// DATABASE_URL). What a backup holds and how to restore it: docs/operations.md.
//   node scripts/backup.ts [--file var/backups/x.dump] [--schemas invoices,dunning | --service dunning] [--database-url URL]
import { mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  checkToolVersion,
  databaseUrl,
  fail,
  formatBytes,
  pgTool,
  redact,
  runTool,
  schemaList,
  servicesOnOwnDatabases,
  serviceTarget,
  withClient,
} from './pg-tools.ts';

const { values } = parseArgs({
  options: {
    file: { type: 'string' },
    schemas: { type: 'string' },
    service: { type: 'string' },
    'database-url': { type: 'string' },
  },
});
if (values.service && values.schemas) fail('--service and --schemas exclude each other');
const target = values.service ? serviceTarget(values.service) : undefined;
const apart = servicesOnOwnDatabases();
if (!target && !values.schemas && apart.length > 0) {
  fail(
    `${apart.join(', ')} ${apart.length === 1 ? 'has a database' : 'have databases'} of ${apart.length === 1 ? 'its' : 'their'} own: back up each service with --service <name>`,
  );
}
const url = values['database-url'] ?? target?.url ?? databaseUrl(undefined);
const schemas = target ? [target.schema] : schemaList(values.schemas);
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const file = resolve(values.file ?? `var/backups/${values.service ?? 'dunning'}-${stamp}.dump`);
const started = performance.now();

console.log(`backup of ${redact(url)}, schemas ${schemas.join(', ')}`);
await withClient(url, async (client) => {
  const found = await client.query<{ schema: string; tables: number }>(
    `SELECT n.nspname AS schema, count(c.oid)::int AS tables FROM pg_namespace n
     LEFT JOIN pg_class c ON c.relnamespace = n.oid AND c.relkind = 'r'
     WHERE n.nspname = ANY($1) GROUP BY n.nspname`,
    [schemas],
  );
  const missing = schemas.filter((schema) => !found.rows.some((row) => row.schema === schema));
  if (missing.length > 0) {
    fail(
      `schema ${missing.join(', ')} not found in the database (a service creates its schema when it first starts)`,
    );
  }
  for (const row of found.rows) console.log(`  ${row.schema}: ${row.tables} tables`);
  await checkToolVersion(client, 'pg_dump');
});

mkdirSync(dirname(file), { recursive: true });
// Written beside the target and renamed when complete: a failed dump never looks like a backup.
const partial = `${file}.partial`;
let tables = 0;
process.on('exit', (code) => {
  if (code !== 0) rmSync(partial, { force: true });
});
await runTool(
  pgTool('pg_dump'),
  [
    '--format=custom',
    '--verbose',
    '--no-owner',
    ...schemas.map((s) => `--schema=${s}`),
    `--file=${partial}`,
    `--dbname=${url}`,
  ],
  {
    onLine(line) {
      const table = /dumping contents of table "(.+)"/.exec(line)?.[1];
      if (table) console.log(`  [${++tables}] ${table}`);
    },
  },
);
renameSync(partial, file);
const seconds = (performance.now() - started) / 1000;
console.log(
  `backup written: ${file} (${formatBytes(statSync(file).size)}, ${tables} tables, ${seconds.toFixed(1)} s)`,
);
