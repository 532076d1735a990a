// Bulk initial load of open items into the ledger:
//   node services/invoices/scripts/import-open-items.ts <file.csv> [--batch 5000] [--rejects <path>] [--no-publish]
// Reads DATABASE_URL, DB_SCHEMA, KAFKA_TOPIC_PREFIX and DAY_MS like the service. See the README, "Initial load".
import { parseArgs } from 'node:util';
import { Topics } from '@dunning/contracts';
import { kafkaMigrations, topicName } from '@dunning/kafka';
import { outboxMigrations } from '@dunning/outbox';
import { createPool, migrate } from '@dunning/pg';
import { ConfigError } from '@dunning/service-runtime';
import { loadConfig } from '../src/config.ts';
import { invoicesMigrations } from '../src/db/migrations.ts';
import { fileSize, importOpenItems } from '../src/import/import-open-items.ts';
import { importProgress } from '../src/import/import-progress.ts';

const USAGE =
  'usage: node services/invoices/scripts/import-open-items.ts <file.csv> [--batch 5000] [--rejects <path>] [--no-publish]';

function fail(message: string, code: number): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

const options = {
  batch: { type: 'string', default: '5000' },
  rejects: { type: 'string' },
  'no-publish': { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

function commandLine() {
  try {
    return parseArgs({ options, allowPositionals: true });
  } catch (error) {
    return fail(`${(error as Error).message}\n${USAGE}`, 2);
  }
}

const args = commandLine();
if (args.values.help) fail(USAGE, 0);
const [file, ...extra] = args.positionals;
if (file === undefined || extra.length > 0) fail(USAGE, 2);
const batchSize = Number(args.values.batch);
if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 100_000) {
  fail('--batch must be a whole number from 1 to 100000', 2);
}

function configuration() {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) fail(`invalid configuration\n${error.message}`, 2);
    throw error;
  }
}

const config = configuration();
await migrate({
  databaseUrl: config.DATABASE_URL,
  schema: config.DB_SCHEMA,
  sets: [kafkaMigrations, outboxMigrations, invoicesMigrations],
});
const pool = createPool({
  connectionString: config.DATABASE_URL,
  schema: config.DB_SCHEMA,
  applicationName: 'invoices-import',
  max: 2,
});
const progress = importProgress(process.stderr, await fileSize(file));
try {
  const summary = await importOpenItems({
    file,
    pool,
    batchSize,
    rejectsPath: args.values.rejects ?? `${file}.rejects.csv`,
    schema: config.DB_SCHEMA,
    ledgerTopic: topicName(config.KAFKA_TOPIC_PREFIX, Topics.ledgerEvents),
    publish: !args.values['no-publish'],
    dayMs: config.DAY_MS,
    now: () => new Date(),
    onProgress: progress,
  });
  const rate = summary.seconds > 0 ? Math.round(summary.linesThisRun / summary.seconds) : 0;
  process.stderr.write(
    `${summary.resumedAfterLine > 0 ? `resumed after line ${summary.resumedAfterLine}; ` : ''}` +
      `${summary.imported} imported, ${summary.alreadyPresent} already in the ledger, ${summary.rejected} rejected ` +
      `(report: ${summary.rejectsPath}); this run: ${summary.linesThisRun} lines in ${summary.seconds.toFixed(1)} s, ` +
      `${rate} lines/s\n`,
  );
  process.stdout.write(`${JSON.stringify(summary)}\n`);
} catch (error) {
  process.stderr.write(`\nimport stopped: ${(error as Error).message}\nrerun the same command to resume\n`);
  process.exitCode = 1;
} finally {
  await pool.end();
}
