import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate } from '@dunning/pg';
import { dropSchemas, testInfra, uniqueName } from '@dunning/testing';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { invoicesMigrations } from '../src/db/migrations.ts';

// A ledger written before migration 017 keeps its payments in the top-customers report: 017 fills in
// each recorded payment's currency and amount collected, and the trigger fills them for new ones.
describe('migration 017: payments collected beside their days late', () => {
  const { databaseUrl } = testInfra();
  const schema = uniqueName('inv_mig017');
  const before = mkdtempSync(join(tmpdir(), 'invoices-migrations-'));
  const client = new pg.Client({ connectionString: databaseUrl });

  afterAll(async () => {
    await client.end().catch(() => {});
    await dropSchemas(databaseUrl, [schema]);
    rmSync(before, { recursive: true, force: true });
  });

  it('backfills the payments recorded before it and records the later ones itself', async () => {
    for (const file of readdirSync(invoicesMigrations.dir).filter((name) => name < '017')) {
      cpSync(join(invoicesMigrations.dir, file), join(before, file));
    }
    await migrate({ databaseUrl, schema, sets: [{ name: 'invoices', dir: before }] });
    await client.connect();
    await client.query(`SET search_path TO ${schema}`);
    await client.query(
      `INSERT INTO customers (customer_id, profile) VALUES ('c-1', '{"timezone":"Asia/Tokyo"}')`,
    );
    await client.query(
      `INSERT INTO invoices (invoice_id, customer_id, number, currency, amount_minor, issue_date, due_date, request,
                             overdue_at)
       VALUES ('i-1', 'c-1', 'N-1', 'JPY', 5000, '2028-03-01', '2028-03-31', '{}', '2028-03-31T15:00:00Z'),
              ('i-2', 'c-1', 'N-2', 'KWD', 12345, '2028-03-01', '2028-03-31', '{}', '2028-03-31T15:00:00Z')`,
    );
    await client.query(
      `INSERT INTO invoice_entries (invoice_id, kind, amount_minor, source_id, source, occurred_at) VALUES
         ('i-1', 'issue', 5000, 'i-1', 'erp', '2028-03-01T00:00:00Z'),
         ('i-2', 'issue', 12345, 'i-2', 'erp', '2028-03-01T00:00:00Z'),
         ('i-1', 'payment', -3000, 'p-1', 'erp', '2028-04-02T16:00:00Z'),
         ('i-2', 'payment', -345, 'p-0', 'import', '2028-03-02T00:00:00Z')`,
    );

    await migrate({ databaseUrl, schema, sets: [invoicesMigrations] });
    await client.query(
      `INSERT INTO invoice_entries (invoice_id, kind, amount_minor, source_id, source, occurred_at)
       VALUES ('i-2', 'payment', -12000, 'p-2', 'erp', '2028-03-30T12:00:00Z')`,
    );

    const rows = await client.query(
      `SELECT e.source_id, p.currency, p.collected_minor::text, p.days_late
       FROM payment_days_late p JOIN invoice_entries e ON e.entry_id = p.entry_id ORDER BY e.source_id`,
    );
    // p-1: 2028-04-03 01:00 in Tokyo, 3 days after the due date; p-2 a day early (Kuwait is not the
    // customer's zone: Tokyo, 2028-03-30 21:00). The initial load's p-0 is a balance, not a collection.
    expect(rows.rows).toEqual([
      { source_id: 'p-1', currency: 'JPY', collected_minor: '3000', days_late: 3 },
      { source_id: 'p-2', currency: 'KWD', collected_minor: '12000', days_late: -1 },
    ]);
  });
});
