import { toMinorUnits } from '@dunning/contracts';
import { deleteTopics, dropSchemas, testAdminKey, testInfra, testLogger, uniqueName } from '@dunning/testing';
import { loadConfig } from '../src/config.ts';
import { type InvoicesService, startInvoicesService } from '../src/service.ts';

/** A ledger entry after the issue entry; `amount` is positive and taken off the balance. */
export interface FixtureEntry {
  kind: 'payment' | 'credit' | 'write-off' | 'cancellation';
  amount: string;
  /** ISO instant, or a date meaning its start in UTC. */
  at: string;
}

export interface FixtureInvoice {
  id: string;
  customerId: string;
  currency: string;
  amount: string;
  issueDate: string;
  dueDate: string;
  entries?: FixtureEntry[];
}

const instant = (at: string) => (at.length === 10 ? `${at}T00:00:00Z` : at);

/**
 * Writes invoices and their entries straight into the ledger tables with the documented kinds and
 * signs (issue +amount, payment/credit/write-off/cancellation −amount), as the ledger commands would.
 */
export async function seedLedger(service: InvoicesService, invoices: FixtureInvoice[]): Promise<void> {
  const pool = service.host.pool;
  for (const invoice of invoices) {
    const amountMinor = toMinorUnits(invoice.amount, invoice.currency);
    await pool.query({
      text: `INSERT INTO invoices (invoice_id, customer_id, number, currency, amount_minor, issue_date, due_date,
                                   overdue_at, request)
             VALUES ($1, $2, $1, $3, $4, $5, $6, ($6::date + 1)::timestamp AT TIME ZONE 'UTC', '{}')`,
      values: [
        invoice.id,
        invoice.customerId,
        invoice.currency,
        amountMinor,
        invoice.issueDate,
        invoice.dueDate,
      ],
    });
    const entries = [
      { kind: 'issue', minor: amountMinor, at: invoice.issueDate },
      ...(invoice.entries ?? []).map((entry) => ({
        kind: entry.kind,
        minor: -toMinorUnits(entry.amount, invoice.currency),
        at: entry.at,
      })),
    ];
    for (const [index, entry] of entries.entries()) {
      await pool.query({
        text: `INSERT INTO invoice_entries (invoice_id, kind, amount_minor, source_id, source, occurred_at)
               VALUES ($1, $2, $3, $4, 'test', $5)`,
        values: [invoice.id, entry.kind, entry.minor, `${invoice.id}-${index}`, instant(entry.at)],
      });
    }
  }
}

/** The invoices service on its own schema and topic prefix, with a fixed clock. */
export async function startReportsService(
  now: Date,
  env: Record<string, string> = {},
): Promise<{ service: InvoicesService; schema: string; close(): Promise<void> }> {
  const infra = testInfra();
  const name = uniqueName('reports');
  const config = loadConfig({
    DATABASE_URL: infra.databaseUrl,
    REDIS_URL: infra.redisUrl,
    KAFKA_BROKERS: infra.kafkaBrokers.join(','),
    KAFKA_TOPIC_PREFIX: `${name}.`,
    DB_SCHEMA: name,
    LOG_LEVEL: 'warn',
    ADMIN_API_KEY: testAdminKey,
    PORT: '0',
    ...env,
  });
  const service = await startInvoicesService(config, testLogger('reports-test'), () => now);
  return {
    service,
    schema: name,
    async close() {
      await service.stop();
      await dropSchemas(infra.databaseUrl, [name]);
      await deleteTopics(infra.kafkaBrokers, `${name}.`);
    },
  };
}
