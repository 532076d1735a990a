import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LedgerInvoiceIssuedEvent } from '@dunning/contracts';
import { kafkaMigrations } from '@dunning/kafka';
import { outboxMigrations } from '@dunning/outbox';
import { createPool, migrate } from '@dunning/pg';
import { adminAuth, dropSchemas, testInfra, uniqueName } from '@dunning/testing';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoicesMigrations } from '../src/db/migrations.ts';
import { type ImportOpenItemsOptions, importOpenItems } from '../src/import/import-open-items.ts';
import { startReportsService } from './reports-fixture.ts';

const HEADER = 'invoiceId,customerId,number,currency,amount,issueDate,dueDate,openAmount';

// Line numbers count the header as line 1.
const HANDMADE = [
  HEADER,
  'OK-1,C1,N-1,EUR,100.00,2026-01-01,2026-01-31,', // 2: whole amount open
  'OK-2,C1,"N-2, with a comma",JPY,5000,2026-01-01,2026-01-31,1200', // 3: 3800 settled before the load
  'OK-3,C2,N-3,KWD,1.234,2026-02-28,2026-03-01,', // 4
  'BAD-1,C1,N-4,XYZ,1.00,2026-01-01,2026-01-31,', // 5
  'BAD-2,C1,N-5,EUR,-1.00,2026-01-01,2026-01-31,', // 6
  'BAD-3,C1,N-6,JPY,1.5,2026-01-01,2026-01-31,', // 7
  'BAD-4,C1,N-7,EUR,1.00,2026-02-01,2026-01-31,', // 8
  'BAD-5,C1,N-8,EUR,1.00,2027-02-29,2027-03-31,', // 9: no such day
  ',C1,N-9,EUR,1.00,2026-01-01,2026-01-31,', // 10
  'BAD-7,C1,N-10,EUR,1.00,2026-01-01', // 11
  'BAD-8,C1,N-11,EUR,10.00,2026-01-01,2026-01-31,10.01', // 12
  'OK-1,C1,N-1,EUR,100.00,2026-01-01,2026-01-31,', // 13: the same invoice again: already there
  'OK-2,C1,N-2x,JPY,5000,2026-01-01,2026-01-31,', // 14: same id, other details
  'BAD-9,C"1,N-12,EUR,1.00,2026-01-01,2026-01-31,', // 15: a quote inside a field
  'OK-4,C3,N-13,EUR,0.01,2028-02-29,2028-02-29,', // 16: leap day, customer in Shanghai
  'BAD-10,C1,N-14,EUR,1.00,2026-01-01,2026-01-31,0', // 17
].join('\n');

describe('import-open-items', () => {
  const { databaseUrl } = testInfra();
  const schemas: string[] = [];
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'open-items-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    await dropSchemas(databaseUrl, schemas);
  });

  async function ledger(): Promise<{ schema: string; pool: pg.Pool }> {
    const schema = uniqueName('import');
    schemas.push(schema);
    await migrate({ databaseUrl, schema, sets: [kafkaMigrations, outboxMigrations, invoicesMigrations] });
    return {
      schema,
      pool: createPool({ connectionString: databaseUrl, schema, applicationName: 'import-test' }),
    };
  }

  function options(
    schema: string,
    pool: pg.Pool,
    file: string,
    more: Partial<ImportOpenItemsOptions> = {},
  ): ImportOpenItemsOptions {
    return {
      file,
      pool,
      schema,
      batchSize: 4,
      rejectsPath: `${file}.rejects.csv`,
      ledgerTopic: `${schema}.ledger.events.v1`,
      publish: true,
      dayMs: 86_400_000,
      now: () => new Date('2026-03-01T00:00:00Z'),
      ...more,
    };
  }

  async function count(pool: pg.Pool, sql: string): Promise<number> {
    return Number((await pool.query<{ n: bigint }>(`SELECT count(*) AS n FROM ${sql}`)).rows[0]?.n);
  }

  it('loads the valid lines, reports every other line with its reason, and publishes what it loaded', async () => {
    const { schema, pool } = await ledger();
    try {
      await pool.query(`INSERT INTO customers (customer_id, profile) VALUES ('C3', $1)`, [
        JSON.stringify({ customerId: 'C3', name: 'Shanghai Ltd', timezone: 'Asia/Shanghai' }),
      ]);
      const file = join(dir, 'handmade.csv');
      await writeFile(file, HANDMADE);
      const summary = await importOpenItems(options(schema, pool, file));
      expect(summary).toMatchObject({
        imported: 4,
        alreadyPresent: 1,
        rejected: 11,
        lastLine: 17,
        linesThisRun: 16,
      });

      const rejects = (await readFile(summary.rejectsPath, 'utf8')).trim().split('\n');
      expect(rejects).toEqual([
        'line,invoiceId,reason',
        '5,BAD-1,currency: unknown ISO 4217 currency',
        '6,BAD-2,amount: must be greater than 0',
        '7,BAD-3,"amount: JPY allows 0 decimals, got ""1.5"""',
        '8,BAD-4,dueDate: must not be before issueDate',
        expect.stringMatching(/^9,BAD-5,issueDate: /),
        expect.stringMatching(/^10,,invoiceId: /),
        '11,BAD-7,"expected 8 columns, found 6"',
        '12,BAD-8,openAmount: must not exceed amount',
        '14,OK-2,invoiceId is already in the ledger with other details',
        expect.stringMatching(/^15,,"unreadable CSV: Invalid Opening Quote/),
        '17,BAD-10,openAmount: must be greater than 0',
      ]);

      const invoices = await pool.query<{ invoice_id: string; balance: string; overdue_at: Date }>(
        `SELECT i.invoice_id, sum(e.amount_minor)::text AS balance, i.overdue_at
         FROM invoices i JOIN invoice_entries e USING (invoice_id) GROUP BY i.invoice_id ORDER BY i.invoice_id`,
      );
      expect(invoices.rows).toEqual([
        // C1 is not a known customer: due at the end of 2026-01-31 in UTC
        { invoice_id: 'OK-1', balance: '10000', overdue_at: new Date('2026-02-01T00:00:00Z') },
        { invoice_id: 'OK-2', balance: '1200', overdue_at: new Date('2026-02-01T00:00:00Z') },
        { invoice_id: 'OK-3', balance: '1234', overdue_at: new Date('2026-03-02T00:00:00Z') },
        // Shanghai (UTC+8): the leap day ends at 2028-02-29T16:00Z
        { invoice_id: 'OK-4', balance: '1', overdue_at: new Date('2028-02-29T16:00:00Z') },
      ]);
      const settled = await pool.query(
        `SELECT kind, amount_minor::text, source_id, source, occurred_at FROM invoice_entries
         WHERE invoice_id IN ('OK-2', 'OK-4') ORDER BY invoice_id, entry_id`,
      );
      expect(settled.rows).toEqual([
        {
          kind: 'issue',
          amount_minor: '5000',
          source_id: 'OK-2',
          source: 'import',
          occurred_at: new Date('2026-01-01T00:00:00Z'),
        },
        {
          kind: 'payment',
          amount_minor: '-3800',
          source_id: 'import:OK-2',
          source: 'import',
          occurred_at: new Date('2026-01-01T00:00:00Z'),
        },
        // a plain issue date starts in the customer's zone, as issueInvoice books it
        {
          kind: 'issue',
          amount_minor: '1',
          source_id: 'OK-4',
          source: 'import',
          occurred_at: new Date('2028-02-28T16:00:00Z'),
        },
      ]);

      const outbox = await pool.query<{ topic: string; message_key: string; event: unknown }>(
        'SELECT topic, message_key, event FROM outbox ORDER BY id',
      );
      const events = outbox.rows.map((row) => LedgerInvoiceIssuedEvent.parse(row.event));
      expect(outbox.rows.map((row) => [row.topic, row.message_key])).toEqual([
        [`${schema}.ledger.events.v1`, 'C1'],
        [`${schema}.ledger.events.v1`, 'C1'],
        [`${schema}.ledger.events.v1`, 'C2'],
        [`${schema}.ledger.events.v1`, 'C3'],
      ]);
      expect(events.map((event) => [event.data.invoiceId, event.data.amount, event.data.balance])).toEqual([
        ['OK-1', '100.00', '100.00'],
        ['OK-2', '5000', '1200'],
        ['OK-3', '1.234', '1.234'],
        ['OK-4', '0.01', '0.01'],
      ]);
      expect(events[3]?.data.overdueAt).toBe('2028-02-29T16:00:00.000Z');

      // Run again: the file is done; nothing changes and the report is the same.
      const again = await importOpenItems(options(schema, pool, file));
      expect(again).toMatchObject({ imported: 4, alreadyPresent: 1, rejected: 11, linesThisRun: 0 });
      expect(await count(pool, 'invoices')).toBe(4);
      expect(await count(pool, 'outbox')).toBe(4);
      expect((await readFile(summary.rejectsPath, 'utf8')).trim().split('\n')).toHaveLength(12);
    } finally {
      await pool.end();
    }
  });

  it('skips invoices already in the ledger and loads without publishing when asked', async () => {
    const { schema, pool } = await ledger();
    try {
      const first = join(dir, 'first.csv');
      await writeFile(first, [HEADER, 'A-1,C1,N,EUR,1.00,2026-01-01,2026-01-31,'].join('\n'));
      await importOpenItems(options(schema, pool, first));
      const second = join(dir, 'second.csv');
      await writeFile(
        second,
        [
          HEADER,
          'A-1,C1,N,EUR,1.00,2026-01-01,2026-01-31,', // same: skipped
          'A-1,C1,N,EUR,2.00,2026-01-01,2026-01-31,', // other amount: rejected
          'A-2,C1,N,EUR,1.00,2026-01-01,2026-01-31,',
        ].join('\n'),
      );
      const summary = await importOpenItems(
        options(schema, pool, second, { publish: false, batchSize: 100 }),
      );
      expect(summary).toMatchObject({ imported: 1, alreadyPresent: 1, rejected: 1 });
      expect(await readFile(summary.rejectsPath, 'utf8')).toContain(
        '3,A-1,invoiceId repeats line 2 with other details',
      );
      expect(await count(pool, 'invoices')).toBe(2);
      expect(await count(pool, 'invoice_entries')).toBe(2);
      expect(await count(pool, 'outbox')).toBe(1); // A-1 from the first file only
    } finally {
      await pool.end();
    }
  });

  it('applies a payment that reached the ledger before its invoice was loaded', async () => {
    const { service, schema, close } = await startReportsService(new Date('2026-03-01T00:00:00Z'));
    try {
      const paid = await service.app.inject({
        headers: adminAuth,
        method: 'POST',
        url: '/v1/payments',
        payload: {
          paymentId: 'PAY-1',
          invoiceId: 'W-1',
          amount: '30.00',
          currency: 'EUR',
          receivedAt: '2026-02-10T09:00:00Z',
        },
      });
      expect(paid.statusCode, paid.body).toBeLessThan(300);
      const file = join(dir, 'waiting.csv');
      await writeFile(
        file,
        [
          HEADER,
          'W-1,C1,N-1,EUR,100.00,2026-01-01,2026-01-31,', // a payment of 30.00 waits for it
          'W-2,C1,N-2,EUR,50.00,2026-01-01,2026-01-31,',
        ].join('\n'),
      );
      const summary = await importOpenItems(options(schema, service.host.pool, file));
      expect(summary).toMatchObject({ imported: 2, alreadyPresent: 0, rejected: 0 });
      const invoice = await service.app.inject({
        headers: adminAuth,
        method: 'GET',
        url: '/v1/invoices/W-1',
      });
      expect(invoice.json()).toMatchObject({ invoiceId: 'W-1', amount: '100.00', balance: '70.00' });
      const other = await service.app.inject({ headers: adminAuth, method: 'GET', url: '/v1/invoices/W-2' });
      expect(other.json()).toMatchObject({ invoiceId: 'W-2', balance: '50.00' });
    } finally {
      await close();
    }
  });
});
