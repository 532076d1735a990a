import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { kafkaMigrations } from '@dunning/kafka';
import { outboxMigrations } from '@dunning/outbox';
import { createPool, migrate } from '@dunning/pg';
import { dropSchemas, testInfra, uniqueName, waitFor } from '@dunning/testing';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoicesMigrations } from '../src/db/migrations.ts';
import { importOpenItems } from '../src/import/import-open-items.ts';

const scripts = fileURLToPath(new URL('../scripts/', import.meta.url));
const LINES = 1000;

interface LedgerCounts {
  invoices: number;
  entries: number;
  outbox: number;
  distinctEvents: number;
  imported: number;
  rejected: number;
}

describe('resuming an interrupted import', () => {
  const { databaseUrl } = testInfra();
  const schemas: string[] = [];
  const pools: pg.Pool[] = [];
  let dir: string;
  let file: string;
  let reference: { counts: LedgerCounts; rejects: string };

  async function ledger(): Promise<{ schema: string; pool: pg.Pool }> {
    const schema = uniqueName('resume');
    schemas.push(schema);
    await migrate({ databaseUrl, schema, sets: [kafkaMigrations, outboxMigrations, invoicesMigrations] });
    const pool = createPool({ connectionString: databaseUrl, schema, applicationName: 'import-resume-test' });
    pools.push(pool);
    return { schema, pool };
  }

  async function counts(pool: pg.Pool): Promise<LedgerCounts> {
    const result = await pool.query(`SELECT
      (SELECT count(*)::int FROM invoices) AS invoices,
      (SELECT count(*)::int FROM invoice_entries) AS entries,
      (SELECT count(*)::int FROM outbox) AS outbox,
      (SELECT count(DISTINCT event->'data'->>'invoiceId')::int FROM outbox) AS "distinctEvents",
      (SELECT coalesce(sum(imported), 0)::int FROM import_checkpoints) AS imported,
      (SELECT coalesce(sum(rejected), 0)::int FROM import_checkpoints) AS rejected`);
    return result.rows[0] as LedgerCounts;
  }

  const importOptions = (schema: string, pool: pg.Pool, rejectsPath: string) => ({
    file,
    pool,
    schema,
    batchSize: 250,
    rejectsPath,
    ledgerTopic: `${schema}.ledger.events.v1`,
    publish: true,
    dayMs: 86_400_000,
    now: () => new Date(),
  });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'open-items-resume-'));
    file = join(dir, 'items.csv');
    // 2 % bad lines, so that some batches hold rejects too.
    const generate = (out: string) =>
      execFileSync(
        process.execPath,
        [
          join(scripts, 'generate-open-items.ts'),
          ...['--lines', String(LINES), '--seed', '11', '--bad-share', '0.02', '--out', out],
        ],
        { stdio: 'pipe' },
      );
    generate(file);
    generate(join(dir, 'again.csv'));
    expect(await readFile(join(dir, 'again.csv'), 'utf8')).toBe(await readFile(file, 'utf8'));

    // The same file loaded in one go, without interruption: what every resumed load must equal.
    const { schema, pool } = await ledger();
    const summary = await importOpenItems(importOptions(schema, pool, join(dir, 'reference.rejects.csv')));
    expect(summary.imported + summary.alreadyPresent + summary.rejected).toBe(LINES);
    expect(summary.rejected).toBeGreaterThan(10);
    reference = { counts: await counts(pool), rejects: await readFile(summary.rejectsPath, 'utf8') };
    expect(reference.counts.outbox).toBe(reference.counts.invoices);
  });
  afterAll(async () => {
    await Promise.all(pools.map((pool) => pool.end()));
    await dropSchemas(databaseUrl, schemas);
    await rm(dir, { recursive: true, force: true });
  });

  it('continues after the last committed batch when the run failed after batch 3', async () => {
    const { schema, pool } = await ledger();
    const rejectsPath = join(dir, 'injected.rejects.csv');
    await expect(
      importOpenItems({
        ...importOptions(schema, pool, rejectsPath),
        onBatchCommitted: (batch) => {
          if (batch === 3) throw new Error('injected crash');
        },
      }),
    ).rejects.toThrow('injected crash');
    const checkpoint = await pool.query('SELECT last_line::int FROM import_checkpoints');
    // 3 batches of 250 data lines after the header line.
    expect(checkpoint.rows[0]).toEqual({ last_line: 751 });
    const interrupted = await counts(pool);
    expect(interrupted.invoices).toBe(interrupted.imported);
    expect(interrupted.outbox).toBe(interrupted.invoices);

    const summary = await importOpenItems(importOptions(schema, pool, rejectsPath));
    expect(summary.resumedAfterLine).toBe(751);
    expect(summary.linesThisRun).toBe(LINES - 750);
    expect(await counts(pool)).toEqual(reference.counts);
    expect(await readFile(rejectsPath, 'utf8')).toBe(reference.rejects);
  });

  it('continues after the CLI was killed mid-import', async () => {
    const { schema, pool } = await ledger();
    const rejectsPath = join(dir, 'killed.rejects.csv');
    const cli = (): { child: ChildProcess; stderr: () => string; stdout: () => string } => {
      const child = spawn(
        process.execPath,
        [join(scripts, 'import-open-items.ts'), file, '--batch', '50', '--rejects', rejectsPath],
        {
          env: {
            ...process.env,
            DATABASE_URL: databaseUrl,
            DB_SCHEMA: schema,
            KAFKA_TOPIC_PREFIX: `${schema}.`,
          },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let stderr = '';
      let stdout = '';
      child.stderr?.on('data', (chunk) => {
        stderr += chunk;
      });
      child.stdout?.on('data', (chunk) => {
        stdout += chunk;
      });
      return { child, stderr: () => stderr, stdout: () => stdout };
    };
    const lastLine = async () => {
      const result = await pool
        .query<{ last_line: number }>('SELECT last_line::int FROM import_checkpoints')
        .catch(() => ({ rows: [] as { last_line: number }[] }));
      return result.rows[0]?.last_line ?? 0;
    };

    const first = cli();
    await waitFor(async () => (await lastLine()) > 100, { timeoutMs: 30_000, intervalMs: 5 });
    first.child.kill('SIGKILL');
    await once(first.child, 'exit');
    const killedAt = await lastLine();
    expect(killedAt).toBeLessThan(LINES + 1);
    const interrupted = await counts(pool);
    expect(interrupted.invoices).toBe(interrupted.imported);
    expect(interrupted.outbox).toBe(interrupted.invoices);

    const second = cli();
    const [code] = await once(second.child, 'exit');
    expect(code, second.stderr()).toBe(0);
    expect(second.stderr()).toContain(`resumed after line ${killedAt}`);
    expect(second.stderr()).toMatch(/lines\/s/);
    expect(JSON.parse(second.stdout())).toMatchObject({ resumedAfterLine: killedAt, lastLine: LINES + 1 });
    expect(await counts(pool)).toEqual(reference.counts);
    expect(await readFile(rejectsPath, 'utf8')).toBe(reference.rejects);
  });
});
