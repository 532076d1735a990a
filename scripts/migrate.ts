// `node scripts/migrate.ts <service>`: migrates one service's schema and exits; what a deployment runs
// before rolling out new pods (infra/kubernetes/migrations.yaml, docs/deploy.md). The services also
// migrate at start, under a lock, so running this first is about failing a rollout early, not order.
import { loadConfig as consoleConfig } from '@dunning/console/config';
import { consoleMigrations } from '@dunning/console/migrations';
import { loadConfig as creditRiskConfig } from '@dunning/credit-risk/config';
import { creditRiskMigrations } from '@dunning/credit-risk/migrations';
import { loadConfig as dunningConfig } from '@dunning/dunning/config';
import { dunningMigrations } from '@dunning/dunning/migrations';
import { loadConfig as invoicesConfig } from '@dunning/invoices/config';
import { invoicesMigrations } from '@dunning/invoices/migrations';
import { loadConfig as notificationsConfig } from '@dunning/notifications/config';
import { notificationsMigrations } from '@dunning/notifications/migrations';
import { type MigrationSet, migrate } from '@dunning/pg';
import { serviceMigrationSets } from '@dunning/service-host';
import { ConfigError } from '@dunning/service-runtime';

const services: Record<
  string,
  { config: () => { DATABASE_URL: string; DB_SCHEMA: string }; sets: MigrationSet[] }
> = {
  invoices: { config: invoicesConfig, sets: serviceMigrationSets(invoicesMigrations) },
  'credit-risk': { config: creditRiskConfig, sets: serviceMigrationSets(creditRiskMigrations) },
  dunning: { config: dunningConfig, sets: serviceMigrationSets(dunningMigrations) },
  notifications: { config: notificationsConfig, sets: serviceMigrationSets(notificationsMigrations) },
  // The console owns no events, so none of the host's tables.
  console: { config: consoleConfig, sets: [consoleMigrations] },
};

const name = process.argv[2] ?? '';
const service = services[name];
if (!service) {
  process.stderr.write(`usage: node scripts/migrate.ts <${Object.keys(services).join('|')}>\n`);
  process.exit(2);
}
let config: { DATABASE_URL: string; DB_SCHEMA: string };
try {
  config = service.config();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`${name}: invalid configuration\n${error.message}\n`);
  process.exit(1);
}
await migrate({
  databaseUrl: config.DATABASE_URL,
  schema: config.DB_SCHEMA,
  sets: service.sets,
  log: (message) => process.stdout.write(`${name}: ${message}\n`),
});
process.stdout.write(`${name}: schema ${config.DB_SCHEMA} is up to date\n`);
