// `npm run restore -- --file <backup>`: puts the schemas of a backup made by backup.ts back into
// DATABASE_URL, in one transaction (a failed restore changes nothing). Refuses to replace a schema that
// holds rows unless --force. With --service, the backup must hold that service's schema alone, and it
// goes to the service's own database (<SERVICE>_DATABASE_URL, else DATABASE_URL); --rewind-consumers
// then rewinds that service's consumer groups only. Stop the services first; see docs/operations.md.
//   node scripts/restore.ts --file x.dump [--service dunning] [--force] [--rewind-consumers] [--database-url URL]
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { parseArgs } from 'node:util';
import {
  databaseUrl,
  fail,
  pgTool,
  redact,
  runTool,
  servicesOnOwnDatabases,
  serviceTarget,
  withClient,
} from './pg-tools.ts';
import { rewindConsumerGroups } from './rewind-consumers.ts';

const { values } = parseArgs({
  options: {
    file: { type: 'string' },
    force: { type: 'boolean', default: false },
    'rewind-consumers': { type: 'boolean', default: false },
    service: { type: 'string' },
    'database-url': { type: 'string' },
  },
});
if (!values.file) fail('usage: restore.ts --file <backup.dump> [--force] [--rewind-consumers]');
const file = resolve(values.file);
if (!existsSync(file)) fail(`no such backup: ${file}`);
const target = values.service ? serviceTarget(values.service) : undefined;
const apart = servicesOnOwnDatabases();
if (!target && !values['database-url'] && apart.length > 0) {
  fail(`${apart.join(', ')} on a database of their own: restore each service's backup with --service <name>`);
}
const url = values['database-url'] ?? target?.url ?? databaseUrl(undefined);
const started = performance.now();

// The table of contents names the schemas the backup holds (and proves it is a custom-format archive).
const toc = await runTool(pgTool('pg_restore'), ['--list', file]);
const schemas = [...toc.stdout.matchAll(/^\d+; \d+ \d+ SCHEMA - (\S+) /gm)].map((m) => m[1] as string);
const tables = [...toc.stdout.matchAll(/^\d+; \d+ \d+ TABLE DATA /gm)].length;
if (schemas.length === 0) fail(`${file} holds no schema`);
if (target && schemas.some((schema) => schema !== target.schema)) {
  fail(
    `${file} holds schemas ${schemas.join(', ')}, not ${values.service}'s alone (${target.schema}): make it with backup --service ${values.service}`,
  );
}
console.log(`restore of ${file} (schemas ${schemas.join(', ')}; ${tables} tables) into ${redact(url)}`);

await withClient(url, async (client) => {
  const existing = await client.query<{ schema: string; table: string }>(
    `SELECT table_schema AS schema, table_name AS table FROM information_schema.tables
     WHERE table_schema = ANY($1) AND table_type = 'BASE TABLE' ORDER BY 1, 2`,
    [schemas],
  );
  const withRows: string[] = [];
  for (const { schema, table } of existing.rows) {
    const any = await client.query(`SELECT 1 FROM "${schema}"."${table}" LIMIT 1`);
    if (any.rowCount) withRows.push(`${schema}.${table}`);
  }
  if (withRows.length > 0 && !values.force) {
    fail(
      `the target is not empty (${withRows.slice(0, 5).join(', ')}${withRows.length > 5 ? ', …' : ''} hold rows). ` +
        'Restoring would replace them: pass --force to drop those schemas and restore the backup in their place.',
    );
  }
  if (existing.rows.length > 0) {
    console.log(
      `  replacing existing schemas (${withRows.length} tables with rows${values.force ? ', --force' : ''})`,
    );
  }
});

// One psql transaction: drop what is there, then the backup's SQL. Any error rolls all of it back.
const sql = new PassThrough();
sql.write('SET client_min_messages = warning;\n');
for (const schema of schemas) sql.write(`DROP SCHEMA IF EXISTS "${schema}" CASCADE;\n`);
const psql = runTool(
  pgTool('psql'),
  ['--single-transaction', '--quiet', '--no-psqlrc', '-v', 'ON_ERROR_STOP=1', `--dbname=${url}`],
  {
    stdin: sql,
    onSpawn(child) {
      // If pg_restore fails, psql must not see a clean end of input (it would commit half a restore).
      process.on('exit', () => {
        if (child.exitCode === null) child.kill('SIGKILL');
      });
    },
  },
);
let restored = 0;
await runTool(pgTool('pg_restore'), ['--verbose', '--no-owner', '--file=-', file], {
  pipeTo: sql,
  onLine(line) {
    const table = /processing data for table "(.+)"/.exec(line)?.[1];
    if (table) console.log(`  [${++restored}/${tables}] ${table}`);
  },
});
await psql;
console.log(
  `restored ${schemas.length} schemas, ${restored} tables in ${((performance.now() - started) / 1000).toFixed(1)} s`,
);

if (values['rewind-consumers'])
  await rewindConsumerGroups(process.env.KAFKA_TOPIC_PREFIX ?? '', values.service);
else console.log('consumer offsets left as they are (see --rewind-consumers in docs/operations.md)');
