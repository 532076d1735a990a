import { createPool } from '@dunning/pg';
import {
  adminAuth,
  deleteTopics,
  dropSchemas,
  testAdminKey,
  testInfra,
  testLogger,
  uniqueName,
} from '@dunning/testing';
import type pg from 'pg';
import { loadConfig } from '../src/config.ts';
import { type InvoicesService, startInvoicesService } from '../src/service.ts';

/** One invoices service on its own schema and topics, with a clock the test moves. */
export interface LedgerUnderTest {
  service: InvoicesService;
  pool: pg.Pool;
  name: string;
  topicPrefix: string;
  clock: { now: Date };
  post(url: string, body: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any }>;
  get(url: string): Promise<{ status: number; body: any }>;
  /** Ledger events written to the outbox so far, in order. */
  facts(): Promise<{ type: string; subject?: string; data: any }[]>;
  close(): Promise<void>;
}

export async function startLedger(
  options: { dayMs?: number; prefix?: string; reportingTimeZone?: string } = {},
): Promise<LedgerUnderTest> {
  const infra = testInfra();
  const name = uniqueName(options.prefix ?? 'ledger');
  const topicPrefix = `${name}.`;
  const clock = { now: new Date('2026-10-01T00:00:00Z') };
  const config = loadConfig({
    DATABASE_URL: infra.databaseUrl,
    REDIS_URL: infra.redisUrl,
    KAFKA_BROKERS: infra.kafkaBrokers.join(','),
    KAFKA_TOPIC_PREFIX: topicPrefix,
    DB_SCHEMA: name,
    LOG_LEVEL: 'warn',
    ADMIN_API_KEY: testAdminKey,
    PORT: '0',
    DAY_MS: String(options.dayMs ?? 86_400_000),
    ...(options.reportingTimeZone === undefined ? {} : { REPORTING_TIME_ZONE: options.reportingTimeZone }),
  });
  const service = await startInvoicesService(config, testLogger('invoices'), () => clock.now);
  const pool = createPool({
    connectionString: infra.databaseUrl,
    schema: name,
    applicationName: 'ledger-test',
  });
  // The relay deletes outbox rows once Kafka has them: keep a copy of every fact for the assertions.
  await pool.query(`
    CREATE TABLE facts_log (id bigserial PRIMARY KEY, event jsonb NOT NULL);
    CREATE FUNCTION copy_fact() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN INSERT INTO facts_log (event) VALUES (NEW.event); RETURN NULL; END $$;
    CREATE TRIGGER outbox_copy AFTER INSERT ON outbox FOR EACH ROW EXECUTE FUNCTION copy_fact();`);
  const answer = (response: { statusCode: number; body: string }) => ({
    status: response.statusCode,
    body: response.body ? JSON.parse(response.body) : undefined,
  });
  return {
    service,
    pool,
    name,
    topicPrefix,
    clock,
    async post(url, body, headers = {}) {
      return answer(
        await service.app.inject({
          method: 'POST',
          url,
          payload: body as object,
          headers: { ...adminAuth, ...headers },
        }),
      );
    },
    async get(url) {
      return answer(await service.app.inject({ headers: adminAuth, method: 'GET', url }));
    },
    async facts() {
      const result = await pool.query<{ event: { type: string; subject?: string; data: unknown } }>(
        'SELECT event FROM facts_log ORDER BY id',
      );
      return result.rows.map((row) => row.event as { type: string; subject?: string; data: any });
    },
    async close() {
      await service.stop();
      await pool.end();
      await dropSchemas(infra.databaseUrl, [name]);
      await deleteTopics(infra.kafkaBrokers, topicPrefix);
    },
  };
}

export const customer = (timezone = 'UTC') => ({
  name: 'Acme Trading',
  email: 'ap@acme.example',
  locale: 'en',
  timezone,
  industry: 'wholesale',
  address: { line1: '1 Main St', city: 'Shanghai', country: 'CN' },
  paymentTermsDays: 30,
  collectorId: 'col-1',
});

export const invoice = (
  invoiceId: string,
  customerId: string,
  amount: string,
  currency: string,
  dueDate = '2026-10-31',
) => ({
  invoiceId,
  customerId,
  number: `N-${invoiceId}`,
  currency,
  amount,
  issueDate: '2026-10-01',
  dueDate,
});

/** Row counts of every ledger table: nothing stored may change on a rejected request. */
export async function tableCounts(pool: pg.Pool): Promise<Record<string, number>> {
  const tables = [
    'customers',
    'invoices',
    'invoice_entries',
    'ledger_commands',
    'pending_commands',
    'customer_credits',
    'disputes',
    'idempotency_keys',
    'facts_log',
  ];
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const result = await pool.query<{ count: string }>(`SELECT count(*)::text AS count FROM ${table}`);
    counts[table] = Number(result.rows[0]?.count);
  }
  return counts;
}
